package slugbuilder.engine;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Docker engine, as slugbuilder uses it. Only the adapter in {@code engine.docker}
 * knows docker-java; everything else talks to this port, so it can be faked in tests.
 */
public interface ContainerEngine extends AutoCloseable {

    /** Where the engine was found, for messages: "unix:///var/run/docker.sock (engine 20.10.24)". */
    String describe();

    /** The id of a local image, if the engine has one by that reference. */
    Optional<String> imageId(String reference);

    /** Imports a root filesystem, given as a tar stream, as the image REPOSITORY:TAG; returns its id. */
    String importImage(InputStream rootfsTar, String repository, String tag);

    /**
     * Builds an image; each line of the build's output goes to OUTPUT as it arrives.
     *
     * @return the new image's id
     * @throws BuildFailedException when a step fails, carrying the engine's message
     */
    String build(BuildRequest request, Consumer<String> output);

    /** Runs a command to completion in a new container, then removes the container. */
    RunResult run(RunRequest request);

    /** Removes an image by reference; absent images are fine. */
    void removeImage(String reference);

    @Override
    void close();
}
