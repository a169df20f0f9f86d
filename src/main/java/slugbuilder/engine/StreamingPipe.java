package slugbuilder.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicReference;
import slugbuilder.SlugbuilderException;

/**
 * Streams what a producer writes to a consumer reading an InputStream, through a pipe, so a
 * large tar (an app, a root filesystem) never sits in memory or on disk. An NIO pipe, not
 * java.io's PipedInputStream: that one fails when the reading thread is a pooled thread that
 * has since ended, which is how the engine client reads.
 */
public final class StreamingPipe {

    /** Writes into the pipe; runs on its own thread. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Reads from the pipe on the caller's thread and returns a result. */
    @FunctionalInterface
    public interface Consumer<T> {
        T readFrom(InputStream in);
    }

    private static final long WRITER_GRACE_MILLIS = 5_000;

    private StreamingPipe() {}

    public static <T> T run(String name, Producer producer, Consumer<T> consumer) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Pipe pipe;
        try {
            pipe = Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread writer = new Thread(
                () -> {
                    try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
                        producer.writeTo(out);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                name);
        writer.setDaemon(true);
        writer.start();
        T result;
        try (InputStream in = Channels.newInputStream(pipe.source())) {
            result = consumer.readFrom(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // The reader's failure (e.g. the engine's refusal) is the cause, and the writer's broken
            // pipe only its consequence, kept as a suppressed detail; unless the writer stopped
            // first with its own error (an app file it could not read), which the reader only saw
            // as a stream cut short. The source is closed by now, so the writer ends at once.
            joinQuietly(writer);
            if (failure.get() instanceof SlugbuilderException own) {
                own.addSuppressed(e);
                throw own;
            }
            if (failure.get() != null) {
                e.addSuppressed(failure.get());
            }
            throw e;
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowWriterFailure(name, failure.get());
        return result;
    }

    private static void joinQuietly(Thread writer) {
        try {
            writer.join(WRITER_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reader succeeded, but the writer failed: what was sent is incomplete. */
    private static void rethrowWriterFailure(String name, Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(name + ": " + failure.getMessage(), failure);
        }
    }
}
