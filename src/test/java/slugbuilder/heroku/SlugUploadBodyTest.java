package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** The slug's upload over plain HTTP: straight from the file to the socket, and still bounded by the write timeout. */
class SlugUploadBodyTest {
    @TempDir
    Path tmp;

    private Path slug(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(11).nextBytes(bytes);
        return Files.write(tmp.resolve("slug.tgz"), bytes);
    }

    @Test
    void plainHttpUploadGoesFromTheFileToTheSocketInChunks() throws Exception {
        int size = 2 * SlugUploadBody.CHUNK + 12345;
        Path slug = slug(size);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(ApiTestSupport.slugCreated(server, "/blob/slug.tgz?sig=1"));
            server.enqueue(new MockResponse().setResponseCode(200));
            OkHttpPlatformApi api = ApiTestSupport.api(server, new ApiTestSupport.RecordingSleeper());
            // the API's call leaves a pooled connection to the same server, whose socket has no channel
            SlugCreated created = api.createSlug("myapp", SlugRequest.of(Map.of("web", "node index.js")));
            List<Long> progress = new ArrayList<>();
            api.uploadSlug(created.blobUrl(), slug, progress::add);

            server.takeRequest(); // the slug's POST
            RecordedRequest put = server.takeRequest();
            assertEquals("PUT", put.getMethod());
            assertEquals(String.valueOf(size), put.getHeader("Content-Length"));
            assertNull(put.getHeader("Transfer-Encoding"));
            assertNull(put.getHeader("Content-Type"));
            assertArrayEquals(Files.readAllBytes(slug), put.getBody().readByteArray());
            // one report per kernel transfer, not one per 64 KiB through OkHttp's sink: the first
            // of CHUNK bytes, none larger than MAX_CHUNK, the last at the file's size
            assertEquals(List.of(0L, (long) SlugUploadBody.CHUNK), progress.subList(0, 2));
            assertEquals((long) size, progress.get(progress.size() - 1));
            for (int i = 1; i < progress.size(); i++) {
                long step = progress.get(i) - progress.get(i - 1);
                assertTrue(step > 0 && step <= SlugUploadBody.MAX_CHUNK, "steps: " + progress);
            }
            assertTrue(progress.size() <= 4, "one report per transfer of a MiB or more: " + progress);
        }
    }

    @Test
    void uploadToAServerThatStopsReadingTimesOutAndIsRetried() throws Exception {
        Path slug = slug(48 << 20); // more than the socket buffers on both sides hold
        try (ServerSocket silent = new ServerSocket()) {
            silent.setReceiveBufferSize(4096);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never read
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ApiTestSupport.RecordingSleeper sleeper = new ApiTestSupport.RecordingSleeper();
            OkHttpPlatformApi impatient = new OkHttpPlatformApi(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    new ApiToken("t0k", "test"),
                    sleeper,
                    Duration.ofSeconds(2),
                    Duration.ofMillis(300));
            long started = System.nanoTime();
            SlugbuilderException e = assertThrows(
                    SlugbuilderException.class,
                    () -> impatient.uploadSlug(
                            URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/blob"), slug, bytes -> {}));
            assertEquals(ExitCode.PLATFORM_API, e.exitCode());
            assertTrue(e.getMessage().startsWith("uploading the slug to 127.0.0.1 failed"), e.getMessage());
            assertEquals(OkHttpPlatformApi.MAX_ATTEMPTS - 1, sleeper.waits.size(), "retried: " + e.getMessage());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos(), "each attempt gave up");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
