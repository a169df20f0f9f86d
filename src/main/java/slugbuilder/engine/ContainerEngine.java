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
    RunResult run(ContainerSpec spec);

    /** Creates and starts a container that runs on its own; returns its id. */
    String start(ContainerSpec spec);

    /** Creates a container without starting it (to read or write its files first); returns its id. */
    String create(ContainerSpec spec);

    /** Starts a container made by {@link #create}. */
    void startCreated(String containerId);

    /**
     * A tar stream of PATH in the container (entries named after its last segment, e.g.
     * "app/..." for /app); the caller closes it. Empty when the container has no PATH.
     */
    java.util.Optional<java.io.InputStream> readArchive(String containerId, String path);

    /**
     * Unpacks a tar stream (plain or gzip-compressed) into the container at PATH, with the owners
     * and modes the stream gives.
     */
    void writeArchive(String containerId, String path, java.io.InputStream tar);

    /** Removes a container, running or not; absent containers are fine. */
    void remove(String containerId);

    /**
     * Creates and starts a container attached to the given streams, waits for it to end and
     * removes it; returns its exit code. With TTY, the container gets a terminal and IN; without,
     * it gets no input at all (like {@code docker run} without -i).
     */
    int runAttached(ContainerSpec spec, boolean tty, java.io.InputStream in, java.io.OutputStream out, java.io.OutputStream err);

    /** Follows a container's output, stdout and stderr, a line at a time, until it ends. Blocks. */
    void followLogs(String containerId, Consumer<String> lines);

    /** The last lines a container printed, for showing why it ended. */
    java.util.List<String> tailLogs(String containerId, int lines);

    /** Waits for a container to end; returns its exit code. */
    int waitFor(String containerId);

    /** Whether the container is still running. */
    boolean isRunning(String containerId);

    /** Stops a container (SIGTERM, then SIGKILL after GRACE) and removes it; absent containers are fine. */
    void stopAndRemove(String containerId, java.time.Duration grace);

    /** Ids of the containers, in any state, carrying all of LABELS. */
    java.util.List<String> containers(java.util.Map<String, String> labels);

    /** References (repo:tag, or ids when untagged) of the images carrying all of LABELS. */
    java.util.List<String> images(java.util.Map<String, String> labels);

    /** What an image's configuration says; the image must exist. */
    ImageInfo inspect(String reference);

    /**
     * Removes an image by reference; absent images are fine.
     *
     * @return false when it stays because another image stands on it or a container uses it
     */
    boolean removeImage(String reference);

    @Override
    void close();
}
