package slugbuilder.heroku;

import java.util.Objects;

/**
 * One process type of a formation update on the container stack: TYPE's dynos run the image
 * DOCKER_IMAGE, its image id ({@code sha256:...}, the config digest, not the manifest's digest).
 */
public record FormationUpdate(String type, String dockerImage) {
    public FormationUpdate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dockerImage, "dockerImage");
    }
}
