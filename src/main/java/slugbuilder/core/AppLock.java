package slugbuilder.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;

/**
 * One command of an app at a time sets up or takes down its network and add-on services: two
 * {@code start}s at once each created a network of the same name, and every later command
 * failed on the ambiguous name. A file lock per app id (the OS releases it when a command
 * dies, so a crash never leaves the app locked); the second command says it waits, then finds
 * the first one's network and services and reuses them. The lock files stay, empty, under
 * {@code $XDG_STATE_HOME/slugbuilder/locks} (else {@code ~/.local/state/...}).
 */
public final class AppLock implements AutoCloseable {
    /** A JVM holds a file lock once: threads of this process (tests, a shell's own start) queue here first. */
    private static final Map<Path, Semaphore> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private AppLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Where the locks live, from ENV (XDG_STATE_HOME, HOME) and Java's user.home. */
    public static Path directory(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && state.startsWith("/")
                ? Path.of(state)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("slugbuilder").resolve("locks");
    }

    /**
     * Takes IDENTITY's lock in DIRECTORY, waiting (and saying so once) while another command
     * holds it. When the lock file cannot be made, warns and goes on unlocked: a read-only home
     * must not stop an app that runs one command at a time.
     */
    public static AppLock acquire(Path directory, AppIdentity identity, Console console) {
        Path file = directory.resolve(identity.id() + ".lock").toAbsolutePath();
        Semaphore local = IN_THIS_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        boolean said = false;
        try {
            if (!local.tryAcquire()) {
                said = waiting(console);
                local.acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                if (!said) {
                    waiting(console);
                }
                lock = channel.lock();
            }
            return new AppLock(local, channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            if (Thread.interrupted()) {
                local.release();
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
            console.warn("cannot lock " + file + " (" + e.getMessage() + "); two commands of this app run at once may"
                    + " collide");
            return new AppLock(local, null, null);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            local.release();
            throw e;
        }
    }

    private static boolean waiting(Console console) {
        console.step("Waiting for another slugbuilder command of this app to finish setting up or stopping it");
        return true;
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
            local.release();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held is left: the OS drops the lock with the descriptor
            }
        }
    }
}
