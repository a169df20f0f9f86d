package slugbuilder.slug;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import slugbuilder.Cleanup;

/**
 * Packs a large engine tar generated on the fly (never held in memory) into a slug, in a JVM
 * that {@link SlugPackerMemoryTest} starts with a small heap, and prints what it measured:
 * {@code peakHeap=<bytes> sampledPeak=<bytes> millis=<n> inputBytes=<n> entries=<n> ...}.
 *
 * <p>Arguments: the size of the one large file in MiB, the number of small (1 KiB) files,
 * {@code streaming} or {@code reproducible}, and the slug's path.
 */
public final class LargeSlugMain {
    private LargeSlugMain() {}

    public static void main(String[] args) throws Exception {
        long largeBytes = Long.parseLong(args[0]) * 1024 * 1024;
        int smallFiles = Integer.parseInt(args[1]);
        boolean reproducible = args[2].equals("reproducible");
        Path target = Path.of(args[3]);

        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler = new Thread(
                () -> {
                    Runtime rt = Runtime.getRuntime();
                    while (!Thread.currentThread().isInterrupted()) {
                        sampledPeak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        PipedInputStream in = new PipedInputStream(256 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        AtomicLong generated = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread generator = new Thread(
                () -> {
                    try (OutputStream out = pipe) {
                        generated.set(generate(out, largeBytes, smallFiles));
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "engine-tar-generator");
        generator.start();

        long start = System.nanoTime();
        SlugOptions options =
                SlugOptions.defaults().withReproducible(reproducible).withIgnore(SlugIgnore.parse("/tmp\n*.log\n"));
        SlugSummary summary = new SlugPacker(options, w -> System.out.println("warning: " + w), Cleanup.registry())
                .packToFile(in, target);
        long millis = (System.nanoTime() - start) / 1_000_000;
        generator.join();
        sampler.interrupt();
        if (failure.get() != null) {
            throw new IllegalStateException("the generator failed", failure.get());
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peakHeap=" + peakHeap + " sampledPeak=" + sampledPeak.get() + " maxHeap="
                + Runtime.getRuntime().maxMemory()
                + " millis=" + millis + " inputBytes=" + generated.get() + " entries=" + summary.entries()
                + " excluded=" + summary.excluded() + " compressedBytes=" + summary.compressedBytes()
                + " uncompressedBytes=" + summary.uncompressedBytes() + " sha256=" + summary.sha256());
    }

    /** Writes the engine's tar of /app: one large file, SMALL small files, an excluded .git, tmp and logs. */
    static long generate(OutputStream sink, long largeBytes, int smallFiles) throws IOException {
        CountingOut counted = new CountingOut(sink);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(counted, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // compressible but not trivial: a 4 KiB random block repeated (deflate's window sees the repeats)
            byte[] block = new byte[4096];
            new Random(7).nextBytes(block);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < chunk.length; i += block.length) {
                System.arraycopy(block, 0, chunk, i, block.length);
            }
            dir(tar, "app/");
            dir(tar, "app/src/");
            dir(tar, "app/src/.git/");
            for (int i = 0; i < 200; i++) {
                file(tar, "app/src/.git/objects-" + i, chunk, 1024);
            }
            dir(tar, "app/src/assets/");
            TarArchiveEntry large = new TarArchiveEntry("app/src/assets/large.bin", TarConstants.LF_NORMAL);
            large.setSize(largeBytes);
            large.setMode(0644);
            tar.putArchiveEntry(large);
            for (long left = largeBytes; left > 0; left -= chunk.length) {
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.closeArchiveEntry();
            for (int i = 0; i < smallFiles; i++) {
                if (i % 100 == 0) {
                    dir(tar, "app/src/node_modules/pkg-" + (i / 100) + "/");
                }
                String name = "app/src/node_modules/pkg-" + (i / 100) + "/file-" + i + (i % 50 == 0 ? ".log" : ".js");
                file(tar, name, chunk, 1024);
                if (i % 1000 == 0) {
                    TarArchiveEntry link = new TarArchiveEntry(name + ".link", TarConstants.LF_LINK);
                    link.setLinkName(name.endsWith(".log") ? "app/src/assets/large.bin" : name);
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                }
            }
            dir(tar, "app/src/tmp/");
            for (int i = 0; i < 100; i++) {
                file(tar, "app/src/tmp/cache-" + i, chunk, 1024);
            }
        }
        return counted.count;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR);
        entry.setMode(0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setSize(size);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(content, 0, size);
        tar.closeArchiveEntry();
    }

    private static final class CountingOut extends FilterOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
