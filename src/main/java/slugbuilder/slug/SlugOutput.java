package slugbuilder.slug;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import slugbuilder.ExitCode;
import slugbuilder.Sizes;
import slugbuilder.SlugbuilderException;

/**
 * Where the slug's entries go: tar ({@link SlugTarWriter}, counting) -> gzip -> (count, size limit) ->
 * (SHA-256) -> buffer -> the caller's stream, which is flushed but never closed.
 */
final class SlugOutput {
    static final int BUFFER = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER];
    private final SlugOptions options;
    private final LargestEntries sizes;
    private final DigestOutputStream digest;
    private final SizeLimit compressed;
    private final ParallelGzipOutputStream gzip;
    private final SlugTarWriter tar;
    private int entries;

    SlugOutput(OutputStream target, SlugOptions options, LargestEntries sizes) throws IOException {
        this.options = options;
        this.sizes = sizes;
        digest = new DigestOutputStream(
                new BufferedOutputStream(CloseShieldOutputStream.wrap(target), BUFFER), sha256());
        compressed = new SizeLimit(digest, options.refuseAbove(), this::tooLarge);
        // no time and no file name in the header, blocks independent of thread timing: the same bytes every time
        gzip = new ParallelGzipOutputStream(compressed, options.level());
        tar = new SlugTarWriter(gzip);
    }

    /** A copy buffer for the caller to fill and hand to {@link #write}. */
    byte[] buffer() {
        return buffer;
    }

    void put(SlugEntry entry) throws IOException {
        tar.put(entry);
        entries++;
    }

    void write(byte[] bytes, int off, int len) throws IOException {
        tar.write(bytes, off, len);
    }

    void closeEntry() throws IOException {
        tar.closeEntry();
    }

    SlugSummary finish(int skipped, int excluded) throws IOException {
        tar.finish();
        gzip.close(); // flushes down to the caller's stream, which stays open
        return new SlugSummary(
                HexFormat.of().formatHex(digest.getMessageDigest().digest()),
                compressed.getByteCount(),
                tar.written(),
                entries,
                skipped,
                excluded);
    }

    /** After a failure: drops whatever is still buffered and frees the compressor. */
    void abandon() {
        compressed.discard();
        try {
            gzip.close(); // frees the compressor's threads; what it still writes is discarded
        } catch (IOException | RuntimeException ignored) {
            // the first failure is the one reported
        }
    }

    private SlugbuilderException tooLarge() {
        String limit = Sizes.human(options.refuseAbove());
        String largest = sizes.largest();
        return new SlugbuilderException(
                ExitCode.BAD_INPUT,
                "the slug is larger than " + limit
                        + (options.refuseAbove() == SlugOptions.HEROKU_HARD_LIMIT ? ", Heroku's limit" : ", the limit"),
                "list what the dyno does not need (tests, docs, caches, build tools) in the app's .slugignore"
                        + (largest.isEmpty() ? "" : "; the largest entries so far (uncompressed): " + largest));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Counts the compressed bytes and stops at the limit: not one byte past it reaches the
     * target. Once discarded (over the limit, or after another failure), it passes nothing on,
     * not even a flush.
     */
    private static final class SizeLimit extends CountingOutputStream {
        private final long limit;
        private final Supplier<SlugbuilderException> tooLarge;
        private volatile boolean discarded;

        SizeLimit(OutputStream out, long limit, Supplier<SlugbuilderException> tooLarge) {
            super(out);
            this.limit = limit;
            this.tooLarge = tooLarge;
        }

        void discard() {
            discarded = true;
        }

        @Override
        protected synchronized void beforeWrite(int n) {
            if (getByteCount() + n > limit) {
                discarded = true;
                throw tooLarge.get();
            }
            super.beforeWrite(n);
        }

        @Override
        public void write(int b) throws IOException {
            if (!discarded) {
                super.write(b);
            }
        }

        @Override
        public void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!discarded) {
                super.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!discarded) {
                super.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!discarded) {
                super.close();
            }
        }
    }
}
