package slugbuilder.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's containers. There is one way to run one: {@link #create}, then (optionally
 * {@link #attach}, {@link #writeArchive}) {@link #start}, {@link #waitFor} and {@link #remove};
 * {@link ContainerRuns} puts the usual sequences together.
 */
public interface Containers {
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

    /** How an ended container ended (before it is removed); empty when it is gone or still runs. */
    Optional<ExitState> exitState(String containerId);

    /**
     * Sends SIGNAL ("HUP", "TERM", ...) to a running container's command (through the engine's
     * init, which passes it on); a container that is not running is an engine error.
     */
    void signal(String containerId, String signal);

    /** Whether the container is still running. */
    boolean isRunning(String containerId);

    /** What a container has printed so far, stdout and stderr, a line at a time; empty when it is gone. */
    List<String> logs(String containerId);

    /** Follows a container's output, stdout and stderr, a line at a time, until it ends. Blocks. */
    void followLogs(String containerId, Consumer<String> lines);

    /** Runs COMMAND inside a running container, as its user; returns its exit code and combined output. */
    RunResult exec(String containerId, List<String> command);

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
    List<String> list(Map<String, String> labels);

    /** A container's streams, attached until it ends or this is closed. */
    interface Attachment extends AutoCloseable {
        /** After the container ended: waits up to TIMEOUT for its last output to arrive. */
        void awaitEnd(Duration timeout);

        @Override
        void close();
    }
}
