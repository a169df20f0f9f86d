package slugbuilder.slug;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
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
 *
 * <p>Per block, the input array is recycled once the next block (which reads it as its
 * dictionary) is written, and each worker deflates into its own reusable array, so a block costs
 * one copy of its compressed bytes and no garbage beyond them.
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
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Deque<byte[]> freeBlocks = new ArrayDeque<>();
    private final ThreadLocal<Deflater> deflaters;
    private final ThreadLocal<byte[]> outputs = ThreadLocal.withInitial(() -> new byte[BLOCK + BLOCK / 8 + 256]);
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] previous; // the last full block handed to a worker: the next one's dictionary
    private byte[] lastWritten; // the input of the block written last: free once the next one is written
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

    /** A block handed to a worker: its input array and its compressed bytes to come. */
    private record InFlight(byte[] input, Future<byte[]> compressed) {}

    private void submit() throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionary = previous;
        inFlight.add(new InFlight(input, workers.submit(() -> deflate(input, length, dictionary))));
        previous = input;
        block = freeBlocks.isEmpty() ? new byte[BLOCK] : freeBlocks.pop();
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
        byte[] output = outputs.get();
        int size = 0;
        while (true) {
            // SYNC_FLUSH consumes all the input; a full array means there is more output to take
            size += deflater.deflate(output, size, output.length - size, Deflater.SYNC_FLUSH);
            if (size < output.length) {
                return Arrays.copyOf(output, size);
            }
            output = Arrays.copyOf(output, output.length * 2);
            outputs.set(output);
        }
    }

    private void writeNext() throws IOException {
        InFlight next = inFlight.poll();
        try {
            out.write(next.compressed().get());
            if (lastWritten != null) {
                freeBlocks.push(lastWritten); // the block just written was the last to read it
            }
            lastWritten = next.input();
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
