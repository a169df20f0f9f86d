package slugbuilder.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Docker engine, as slugbuilder uses it. Only the adapter in {@code engine.docker}
 * knows docker-java; everything else talks to this port, so it can be faked in tests.
 *
 * <p>There is one way to run a container: {@link #create}, then (optionally {@link #attach},
 * {@link #writeArchive}) {@link #start}, {@link #waitFor} and {@link #remove}; {@link Containers}
 * puts the usual sequences together. Every failure leaves the port as a
 * {@link slugbuilder.SlugbuilderException} that says what slugbuilder was doing.
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

    /** Creates a container without starting it; returns its id. */
    String create(ContainerSpec spec);

    /** Starts a container made by {@link #create}. */
    void start(String containerId);

    /**
     * Attaches OUT and ERR, and IN (null for none; only a container with a terminal reads it), to a created container;
     * call it before {@link #start} so no output is lost.
     */
    Attachment attach(String containerId, InputStream in, OutputStream out, OutputStream err);

    /** Waits for a container to end; returns its exit code. */
    int waitFor(String containerId);

    /** Whether the container is still running. */
    boolean isRunning(String containerId);

    /** What a container has printed so far, stdout and stderr, a line at a time; empty when it is gone. */
    List<String> logs(String containerId);

    /** Follows a container's output, stdout and stderr, a line at a time, until it ends. Blocks. */
    void followLogs(String containerId, Consumer<String> lines);

    /**
     * A tar stream of PATH in the container (entries named after its last segment, e.g.
     * "app/..." for /app); the caller closes it. Empty when the container has no PATH.
     */
    Optional<InputStream> readArchive(String containerId, String path);

    /**
     * Unpacks a tar stream (plain or gzip-compressed) into the container at PATH, with the owners
     * and modes the stream gives.
     */
    void writeArchive(String containerId, String path, InputStream tar);

    /** Stops a container (SIGTERM, then SIGKILL after GRACE) and removes it; absent containers are fine. */
    void stopAndRemove(String containerId, Duration grace);

    /** Removes a container, running or not; absent containers are fine. */
    void remove(String containerId);

    /** Ids of the containers, in any state, carrying all of LABELS. */
    List<String> containers(Map<String, String> labels);

    /** References (repo:tag, or ids when untagged) of the images carrying all of LABELS. */
    List<String> images(Map<String, String> labels);

    /** What an image's configuration says; the image must exist. */
    ImageInfo inspect(String reference);

    /**
     * Removes an image by reference; absent images are fine.
     *
     * @return false when it stays because another image stands on it or a container uses it
     */
    boolean removeImage(String reference);

    // Networks, volumes and commands inside running containers: what add-on services need.

    /** Creates the user-defined bridge network NAME with LABELS, unless it exists. */
    void ensureNetwork(String name, Map<String, String> labels);

    /** Removes a network; an absent one is fine. Returns false when containers still use it: it stays. */
    boolean removeNetwork(String name);

    /** Names of the networks carrying all of LABELS. */
    List<String> networks(Map<String, String> labels);

    /** The labels of the volume NAME; empty when there is no such volume. */
    Optional<Map<String, String>> volume(String name);

    /** Creates the named volume NAME with LABELS. */
    void createVolume(String name, Map<String, String> labels);

    /** Removes a volume; an absent one is fine. */
    void removeVolume(String name);

    /** Names of the volumes carrying all of LABELS. */
    List<String> volumes(Map<String, String> labels);

    /** Runs COMMAND inside a running container, as its user; returns its exit code and combined output. */
    RunResult exec(String containerId, List<String> command);

    /** Pulls an image; each progress line goes to OUTPUT. */
    void pull(String reference, Consumer<String> output);

    @Override
    void close();

    // --- container push: images for a registry

    /** What the engine says of its storage: whether pushes go out of containerd's image store. */
    EngineInfo info();

    /** What a push of the image would send: its platform, command, size and layers; the image must exist. */
    ImageDetails details(String reference);

    /** Tags the image REFERENCE as REPOSITORY:TAG (replacing what that tag named). */
    void tag(String reference, String repository, String tag);

    /**
     * Pushes IMAGE (repository:tag) with AUTH for this request only; each progress message goes to
     * PROGRESS as it arrives.
     *
     * @throws PushFailedException when the registry refused or failed the push
     */
    void push(String image, RegistryAuth auth, Consumer<PushEvent> progress);

    /** A container's streams, attached until it ends or this is closed. */
    interface Attachment extends AutoCloseable {
        /** After the container ended: waits up to TIMEOUT for its last output to arrive. */
        void awaitEnd(Duration timeout);

        @Override
        void close();
    }
}
