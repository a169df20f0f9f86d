package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static slugbuilder.heroku.ApiTestSupport.TOKEN;
import static slugbuilder.heroku.ApiTestSupport.api;
import static slugbuilder.heroku.ApiTestSupport.drain;
import static slugbuilder.heroku.ApiTestSupport.error;
import static slugbuilder.heroku.ApiTestSupport.json;
import static slugbuilder.heroku.ApiTestSupport.render;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The calls that follow a release: reading it, reading the newest one (its exact Range header),
 * and its output stream (no Heroku headers, 404 until it exists, never repeated once it showed a
 * line, its signature never shown).
 */
class ReleaseCallsTest {
    private static final String SIGNATURE = "X-Amz-Signature=5treamS1gnature";

    private MockWebServer server;
    private final ApiTestSupport.RecordingSleeper sleeper = new ApiTestSupport.RecordingSleeper();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private URI streamUrl() {
        return server.url("/streams/r-7?" + SIGNATURE).uri();
    }

    private static MockResponse release(String status, boolean current, String streamUrl) {
        return json(
                200,
                "{\"id\":\"r-7\",\"version\":7,\"status\":\"" + status + "\",\"current\":" + current
                        + (streamUrl != null ? ",\"output_stream_url\":\"" + streamUrl + "\"" : "")
                        + ",\"slug\":{\"id\":\"s\"}}");
    }

    @Test
    void aReleaseIsReadByIdWithItsStreamAndWhetherItIsCurrent() throws Exception {
        server.enqueue(release("pending", false, "https://streams.example.test/r-7?sig=1"));

        Release release = api(server, sleeper).release("myapp", "r-7");

        assertEquals(
                new Release("r-7", 7, "pending", URI.create("https://streams.example.test/r-7?sig=1"), false), release);
        assertTrue(release.pending());
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/apps/myapp/releases/r-7", request.getPath());
        assertEquals("application/vnd.heroku+json; version=3", request.getHeader("Accept"));
        assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
        assertNull(request.getHeader("Range"));
    }

    @Test
    void aReleaseWithoutCurrentCountsAsCurrentOnlyOnceItSucceeded() {
        server.enqueue(json(200, "{\"id\":\"r-7\",\"version\":7,\"status\":\"succeeded\"}"));
        server.enqueue(json(200, "{\"id\":\"r-7\",\"version\":7,\"status\":\"failed\"}"));
        OkHttpPlatformApi api = api(server, sleeper);

        assertTrue(api.release("myapp", "r-7").current());
        assertFalse(api.release("myapp", "r-7").current());
    }

    @Test
    void theLatestReleaseIsAskedForWithTheExactRangeHeader() throws Exception {
        server.enqueue(
                json(
                        206,
                        "[{\"id\":\"r-9\",\"version\":9,\"status\":\"succeeded\",\"current\":true,\"output_stream_url\":null}]"));

        Optional<Release> latest = api(server, sleeper).latestRelease("myapp");

        assertEquals(Optional.of(new Release("r-9", 9, "succeeded", null, true)), latest);
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/apps/myapp/releases", request.getPath());
        assertEquals("version ..; max=1, order=desc", request.getHeader("Range"));
        assertEquals("application/vnd.heroku+json; version=3", request.getHeader("Accept"));
        assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
    }

    @Test
    void anAppWithoutReleasesHasNoLatestOne() {
        server.enqueue(json(200, "[]"));

        assertEquals(Optional.empty(), api(server, sleeper).latestRelease("myapp"));
    }

    @Test
    void aListThatIsNotAnArrayIsOneLine() {
        server.enqueue(json(200, "{\"id\":\"r-9\"}"));

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).latestRelease("myapp"));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "reading the latest release of myapp: the API answered 200 but its body is not a JSON array",
                e.getMessage());
    }

    @Test
    void readingAReleaseIsRetriedOnServerErrors() throws Exception {
        server.enqueue(error(503, "unavailable", "try later"));
        server.enqueue(error(500, "internal_error", "oops"));
        server.enqueue(release("succeeded", true, null));

        Release release = api(server, sleeper).release("myapp", "r-7");

        assertTrue(release.succeeded());
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeper.waits);
    }

    @Test
    void theStreamAnswers404UntilItExistsThenItsLinesArriveWithoutHerokuHeaders() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setChunkedBody("Running migrations\nmigrated 3\r\ndone\n", 7));
        List<String> lines = new ArrayList<>();

        assertTrue(api(server, sleeper).releaseOutput(streamUrl(), lines::add));

        assertEquals(List.of("Running migrations", "migrated 3", "done"), lines);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeper.waits, "1 s between tries");
        for (RecordedRequest request : drain(server)) {
            assertEquals("GET", request.getMethod());
            assertEquals("/streams/r-7?" + SIGNATURE, request.getPath());
            assertNull(request.getHeader("Authorization"), "the stream URL carries its own credential");
            assertNull(request.getHeader("Accept"));
        }
    }

    @Test
    void aStreamThatNeverAppearsIsGivenUpAfterThirtyTries() {
        for (int i = 0; i < OkHttpPlatformApi.STREAM_ATTEMPTS; i++) {
            server.enqueue(new MockResponse().setResponseCode(404));
        }
        List<String> lines = new ArrayList<>();

        assertFalse(api(server, sleeper).releaseOutput(streamUrl(), lines::add));

        assertEquals(List.of(), lines);
        assertEquals(30, server.getRequestCount());
        assertEquals(Collections.nCopies(29, Duration.ofSeconds(1)), sleeper.waits);
    }

    @Test
    void aStreamCutOffAfterItsFirstLinesIsNotAskedAgainAndItsSignatureNeverShows() {
        server.enqueue(new MockResponse()
                .setBody("one\ntwo\nthree and more of the output\n".repeat(4))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(new MockResponse().setBody("a repeat\n"));
        List<String> lines = new ArrayList<>();

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).releaseOutput(streamUrl(), lines::add));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("reading the release phase's output from " + server.getHostName() + " failed"),
                e.getMessage());
        assertEquals("one", lines.get(0));
        assertFalse(lines.contains("a repeat"));
        assertEquals(1, server.getRequestCount());
        assertFalse(render(e).contains("5treamS1gnature"), render(e));
    }

    @Test
    void aStreamFailingBeforeItsFirstLineIsRetriedLikeAnyGet() {
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setBody("hello\n"));
        List<String> lines = new ArrayList<>();

        assertTrue(api(server, sleeper).releaseOutput(streamUrl(), lines::add));

        assertEquals(3, server.getRequestCount(), sleeper.waits.toString());
        assertEquals(List.of("hello"), lines);
    }

    @Test
    void aStreamThatKeepsFailingSaysSoInOneLineWithoutItsSignature() {
        for (int i = 0; i < OkHttpPlatformApi.MAX_ATTEMPTS; i++) {
            server.enqueue(new MockResponse().setResponseCode(503).setBody("busy " + SIGNATURE));
        }

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).releaseOutput(streamUrl(), line -> {}));

        assertTrue(
                e.getMessage()
                        .startsWith("reading the release phase's output from " + server.getHostName()
                                + " failed: 503 Service Unavailable"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(gave up after 4 attempts)"), e.getMessage());
        assertNull(e.hint());
        assertFalse(render(e).contains(TOKEN));
    }

    @Test
    void aStreamUrlThatIsNotHttpIsRefusedWithoutItsQuery() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api(server, sleeper)
                .releaseOutput(URI.create("ftp://streams.example.test/r-7?" + SIGNATURE), line -> {}));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertFalse(render(e).contains("5treamS1gnature"), render(e));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aLineConsumerThatThrowsEndsTheStream() {
        server.enqueue(new MockResponse().setBody("one\ntwo\n"));
        server.enqueue(new MockResponse().setBody("one\ntwo\n"));

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> api(server, sleeper).releaseOutput(streamUrl(), line -> {
                    throw new IllegalStateException("enough");
                }));

        assertEquals("enough", e.getMessage());
        assertEquals(1, server.getRequestCount());
    }
}
