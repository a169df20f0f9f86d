package slugbuilder.engine;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The engine's images: what the commands build, inspect, tag, pull and remove. */
public interface Images {
    /** The id of a local image, if the engine has one by that reference. */
    Optional<String> imageId(String reference);

    /** What an image's configuration says; the image must exist. */
    ImageInfo inspect(String reference);

    /**
     * Builds an image; each line of the build's output goes to OUTPUT as it arrives.
     *
     * @return the new image's id
     * @throws BuildFailedException when a step fails, carrying the engine's message
     */
    String build(BuildRequest request, Consumer<String> output);

    /** Imports a root filesystem, given as a tar stream, as the image REPOSITORY:TAG; returns its id. */
    String importImage(InputStream rootfsTar, String repository, String tag);

    /** References (repo:tag, or ids when untagged) of the images carrying all of LABELS. */
    List<String> list(Map<String, String> labels);

    /** Tags the image REFERENCE as REPOSITORY:TAG (replacing what that tag named). */
    void tag(String reference, String repository, String tag);

    /**
     * Pulls an image; each progress line goes to OUTPUT.
     *
     * @throws PullFailedException when the engine could not pull it, with its reason
     */
    void pull(String reference, Consumer<String> output);

    /**
     * Removes an image by reference; absent images are fine.
     *
     * @return false when it stays because another image stands on it or a container uses it
     */
    boolean remove(String reference);
}
