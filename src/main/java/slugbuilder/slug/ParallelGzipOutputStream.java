package slugbuilder.slug;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on every core, as pigz does: the input is cut into 128 KiB blocks,
 * each deflated on a worker with the previous block's last 32 KiB as its dictionary (so the
 * ratio stays that of one stream) and ended with a sync flush; the blocks are written in order,
 * then an empty final block and the trailer (CRC-32 and size, taken here as the input arrives).
 * One gzip member, readable by any gunzip. The bytes depend only on the input and the level,
 * never on the number of threads or their timing. At most two blocks per thread are in flight,
 * so memory stays flat in the input's size. The header has no name and mtime 0.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 * 1024;
    private static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 3};
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final OutputStream out;
    private final int level;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final ThreadLocal<Deflater> deflaters;
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] previous; // the last full block handed to a worker: the next one's dictionary
    private long size;
    private boolean finished;
    private boolean closed;

    /** LEVEL as for {@link Deflater} (1 fastest .. 9 smallest; 6 is gzip's default); THREADS workers. */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("compression level must be 1 to 9: " + level);
        }
        this.out = out;
        this.level = level;
        this.maxInFlight = 2 * Math.max(1, threads);
        String name = "slug-gzip-" + POOLS.incrementAndGet();
        int count = Math.max(1, threads);
        // idle workers end by themselves, so a stream abandoned on an error leaves no thread behind
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(count, count, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
        this.deflaters = ThreadLocal.withInitial(() -> new Deflater(this.level, true));
        out.write(HEADER);
    }

    /** As many workers as the machine has cores. */
    public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        ensureOpen();
        crc.update(bytes, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(bytes, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit();
            }
        }
    }

    private void submit() throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionary = previous;
        inFlight.add(workers.submit(() -> deflate(input, length, dictionary)));
        previous = input;
        block = new byte[BLOCK];
        filled = 0;
        while (inFlight.size() >= maxInFlight) {
            writeNext();
        }
    }

    private byte[] deflate(byte[] input, int length, byte[] dictionary) {
        Deflater deflater = deflaters.get();
        deflater.reset();
        if (dictionary != null) {
            deflater.setDictionary(dictionary, BLOCK - DICTIONARY, DICTIONARY);
        }
        deflater.setInput(input, 0, length);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 2 + 64);
        byte[] chunk = new byte[64 * 1024];
        int n;
        do {
            // SYNC_FLUSH consumes all the input; a full chunk means there is more output to take
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length);
        return compressed.toByteArray();
    }

    private void writeNext() throws IOException {
        Future<byte[]> next = inFlight.poll();
        try {
            out.write(next.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compressing failed: " + e.getCause(), e.getCause());
        }
    }

    /** Writes the blocks so far, the final empty block and the trailer; the stream below stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (filled > 0) {
                submit();
            }
            while (!inFlight.isEmpty()) {
                writeNext();
            }
            out.write(new byte[] {3, 0}); // an empty final block with fixed codes
            long value = crc.getValue();
            out.write(new byte[] {
                (byte) value,
                (byte) (value >> 8),
                (byte) (value >> 16),
                (byte) (value >> 24),
                (byte) size,
                (byte) (size >> 8),
                (byte) (size >> 16),
                (byte) (size >> 24)
            });
        } finally {
            workers.shutdownNow();
        }
    }

    /** {@link #finish()}, then closes the stream below. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            finish();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("the gzip stream is closed");
        }
    }
}
