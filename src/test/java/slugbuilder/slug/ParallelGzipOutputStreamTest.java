package slugbuilder.slug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.BLOCK;

    /** Text-like bytes (words from a small vocabulary) with a stretch of random ones. */
    private static byte[] input(int size, long seed) {
        Random random = new Random(seed);
        String[] words = {"slug", "dyno", "release", "build", "stack", "profile", "heroku", "app", "process", "web"};
        byte[] data = new byte[size];
        int i = 0;
        while (i < size) {
            byte[] word = (words[random.nextInt(words.length)] + (random.nextInt(7) == 0 ? "\n" : " "))
                    .getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < word.length && i < size; k++) {
                data[i++] = word[k];
            }
        }
        for (int k = size / 3; k < size / 2; k++) {
            data[k] = (byte) random.nextInt();
        }
        return data;
    }

    private static byte[] gzip(byte[] data, int threads, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, threads)) {
            for (int off = 0; off < data.length; off += chunk) {
                gz.write(data, off, Math.min(chunk, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + BLOCK / 2, 20 * BLOCK + 7})
    void roundTripsAndIsTheSameWhateverTheThreads(int size) throws IOException {
        byte[] data = input(size, size);
        byte[] one = gzip(data, 1, 512);
        byte[] four = gzip(data, 4, 100_000);
        assertArrayEquals(one, four, "the bytes depend on the input, not on the threads or the write sizes");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(four))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {20 * BLOCK + 7})
    void gunzipAcceptsItAndTheRatioIsThatOfOneStream(int size, @TempDir Path dir) throws Exception {
        byte[] data = input(size, 7);
        byte[] parallel = gzip(data, 2, 8192);
        Path file = dir.resolve("x.gz");
        Files.write(file, parallel);
        Process test = new ProcessBuilder("gzip", "-t", file.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, test.waitFor(), "gzip -t: " + said);

        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(single, new Deflater(6, true))) {
            deflate.write(data);
        }
        double ratio = (double) parallel.length / single.size();
        assertTrue(ratio < 1.01, "within 1% of a single deflate stream: " + ratio);
    }
}
