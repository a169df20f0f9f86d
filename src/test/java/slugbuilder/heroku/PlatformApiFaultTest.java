package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static slugbuilder.heroku.ApiTestSupport.SLUG_ID;
import static slugbuilder.heroku.ApiTestSupport.api;
import static slugbuilder.heroku.ApiTestSupport.drain;
import static slugbuilder.heroku.ApiTestSupport.error;
import static slugbuilder.heroku.ApiTestSupport.json;
import static slugbuilder.heroku.ApiTestSupport.releaseCreated;
import static slugbuilder.heroku.ApiTestSupport.slugCreated;

import java.io.IOException;
import java.net.ServerSocket;
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
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.support.CountingDispatcher;

/** Every way a call can fail: the exit code, the one-line message, the hint, and what was retried. */
class PlatformApiFaultTest {
    private static final SlugRequest WEB = SlugRequest.of(Map.of("web", "node index.js"));

    @TempDir
    Path tmp;

    private MockWebServer server;
    private final ApiTestSupport.RecordingSleeper sleeper = new ApiTestSupport.RecordingSleeper();
    private OkHttpPlatformApi api;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        api = api(server, sleeper);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Path slug(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return Files.write(tmp.resolve("slug.tgz"), bytes);
    }

    private static long count(List<RecordedRequest> requests, String pathPrefix) {
        return requests.stream().filter(r -> r.getPath().startsWith(pathPrefix)).count();
    }

    // ------------------------------------------------------------------------------ API refusals

    @Test
    void unauthorizedIsNotRetriedAndPointsAtTheToken() {
        server.enqueue(
                error(401, "unauthorized", "Invalid credentials provided.").setHeader("Request-Id", "req-401"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the slug for myapp failed: 401 unauthorized: Invalid credentials provided. (request id req-401)",
                e.getMessage());
        assertTrue(e.hint().contains("HEROKU_API_KEY") && e.hint().contains("~/.netrc"), e.hint());
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void forbiddenNamesTheApp() {
        server.enqueue(error(403, "forbidden", "You do not have access to the app myapp."));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.app("myapp"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "looking up the app myapp failed: 403 forbidden: You do not have access to the app myapp.",
                e.getMessage());
        assertTrue(e.hint().contains("heroku access -a myapp"), e.hint());
    }

    @Test
    void notFoundSuggestsCheckingTheAppName() {
        server.enqueue(error(404, "not_found", "Couldn't find that app."));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("nosuchapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("creating the slug for nosuchapp failed: 404 not_found: Couldn't find that app.", e.getMessage());
        assertTrue(e.hint().contains("-a APP"), e.hint());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void unprocessableShowsTheApiMessageOnOneLine() {
        server.enqueue(error(422, "invalid_params", "Invalid process_types:\\n  web is not a valid command."));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the slug for myapp failed: 422 invalid_params: Invalid process_types: web is not a valid command.",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(1, server.getRequestCount(), "a 422 is not retried");
    }

    @Test
    void malformedErrorBodyStillGivesTheStatus() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("<html>\n<body>Bad thing</body></html>"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the slug for myapp failed: 400 Bad Request (unexpected response: \"<html> <body>Bad thing</body></html>\")",
                e.getMessage());
    }

    @Test
    void truncatedJsonErrorBodyStillGivesTheStatus() {
        server.enqueue(json(422, "{\"id\":\"invalid_par"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "creating the slug for myapp failed: 422 Unprocessable Entity (unexpected response: "),
                e.getMessage());
    }

    @Test
    void malformedSuccessBodyIsAClearError() {
        server.enqueue(json(201, "{\"id\": not json"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("creating the slug for myapp: the API answered 201 but its body is not JSON"),
                e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void successWithoutBlobUrlIsAClearError() {
        server.enqueue(json(201, "{\"id\":\"" + SLUG_ID + "\",\"blob\":{\"method\":\"put\"}}"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals("creating the slug for myapp: the API answered 201 but its body has no \"url\"", e.getMessage());
    }

    // ----------------------------------------------------------------------------------- retries

    @Test
    void rateLimitThenSuccessHonoursRetryAfter() throws Exception {
        server.enqueue(error(429, "rate_limit", "Your account reached the API rate limit")
                .setHeader("Retry-After", "7"));
        server.enqueue(slugCreated(server, "/blob"));
        assertEquals(SLUG_ID, api.createSlug("myapp", WEB).id());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void retryAfterIsCapped() throws Exception {
        server.enqueue(error(429, "rate_limit", "slow down").setHeader("Retry-After", "86400"));
        server.enqueue(slugCreated(server, "/blob"));
        api.createSlug("myapp", WEB);
        assertEquals(List.of(OkHttpPlatformApi.MAX_RETRY_AFTER), sleeper.waits);
    }

    @Test
    void rateLimitExhaustedGivesUpAfterFourAttempts() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(429, "rate_limit", "Your account reached the API rate limit"));
        }
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the slug for myapp failed: 429 rate_limit: Your account reached the API rate limit"
                        + " (gave up after 4 attempts)",
                e.getMessage());
        assertTrue(e.hint().contains("rate limit"), e.hint());
        assertEquals(4, server.getRequestCount());
        assertEquals(
                List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                sleeper.waits,
                "exponential backoff without Retry-After");
    }

    @Test
    void serviceUnavailableThenSuccess() throws Exception {
        server.enqueue(error(503, "service_unavailable", "Try again"));
        server.enqueue(slugCreated(server, "/blob"));
        assertEquals(SLUG_ID, api.createSlug("myapp", WEB).id());
        assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void serverErrorsExhausted() {
        server.enqueue(new MockResponse().setResponseCode(500).setBody("oops"));
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setResponseCode(504));
        server.enqueue(error(503, "unavailable", "The API is down").setHeader("Request-Id", "req-503"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.app("myapp"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "looking up the app myapp failed: 503 unavailable: The API is down (request id req-503)"
                        + " (gave up after 4 attempts)",
                e.getMessage());
        assertTrue(e.hint().contains("status.heroku.com"), e.hint());
        assertEquals(4, server.getRequestCount());
        assertEquals(3, sleeper.waits.size());
    }

    @Test
    void connectionDroppedAfterTheSlugPostIsRetried() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(slugCreated(server, "/blob"));
        assertEquals(SLUG_ID, api.createSlug("myapp", WEB).id());
        assertEquals(2, server.getRequestCount());
        assertEquals(1, sleeper.waits.size());
    }

    @Test
    void readTimeoutOnAGetIsRetried() throws Exception {
        OkHttpPlatformApi impatient = new OkHttpPlatformApi(
                server.url("/").uri(),
                new ApiToken("t0k", "test"),
                sleeper,
                Duration.ofSeconds(2),
                Duration.ofMillis(300));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(json(200, "{\"name\":\"myapp\",\"web_url\":\"https://myapp.herokuapp.com/\"}"));
        assertEquals("myapp", impatient.app("myapp").name());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws IOException {
        URI closed = closedPort();
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(closed, sleeper).createSlug("myapp", WEB));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the slug for myapp failed: cannot connect to " + closed.getHost() + ":" + closed.getPort()
                        + " (gave up after 4 attempts)",
                e.getMessage());
        assertTrue(e.hint().contains("network"), e.hint());
        assertEquals(3, sleeper.waits.size());
        assertNotNull(e.getCause(), "the IOException stays as the cause for --debug");
    }

    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    // ------------------------------------------------------------------------------------ upload

    @Test
    void connectionResetDuringUploadIsRetriedWithTheWholeFile() throws Exception {
        Path slug = slug(2_000_000);
        CountingDispatcher queue = CountingDispatcher.on(server);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY));
        server.enqueue(new MockResponse().setResponseCode(200));
        List<Long> progress = new ArrayList<>();
        OkHttpPlatformApi api = api(server, wait -> {
            queue.awaitDispatched(1); // the broken attempt has taken its disconnect
            sleeper.sleep(wait);
        });
        api.uploadSlug(server.url("/blob/slug.tgz").uri(), slug, progress::add);

        assertEquals(1, sleeper.waits.size(), "one retry");
        assertEquals(2, server.getRequestCount());
        server.takeRequest(); // the broken one
        RecordedRequest retried = server.takeRequest();
        assertEquals("PUT", retried.getMethod());
        assertEquals("2000000", retried.getHeader("Content-Length"));
        assertArrayEquals(
                Files.readAllBytes(slug), retried.getBody().readByteArray(), "the file is read again from the start");
        assertEquals(2, progress.stream().filter(bytes -> bytes == 0).count(), "progress restarts with the attempt");
        assertEquals(2_000_000L, progress.get(progress.size() - 1));
    }

    @Test
    void uploadForbiddenStopsTheReleaseFlow() throws Exception {
        Path slug = slug(5000);
        server.enqueue(slugCreated(server, "/blob/slug.tgz?X-Amz-Signature=secret-signature"));
        server.enqueue(
                new MockResponse()
                        .setResponseCode(403)
                        .setHeader("x-amz-request-id", "S3REQ")
                        .setBody(
                                "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"));
        server.enqueue(releaseCreated(1));

        SlugCreated created = api.createSlug("myapp", WEB);
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> {
            api.uploadSlug(created.blobUrl(), slug, null);
            api.createRelease("myapp", created.id(), "never");
        });
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "uploading the slug to " + server.getHostName()
                        + " failed: 403 AccessDenied: Request has expired (request id S3REQ)",
                e.getMessage());
        assertTrue(e.hint().contains("expired"), e.hint());
        assertFalse(ApiTestSupport.render(e).contains("secret-signature"), "the signed query stays out of messages");

        List<RecordedRequest> requests = drain(server);
        assertEquals(2, requests.size(), "slug POST and one PUT (a 403 is not retried)");
        assertEquals(0, count(requests, "/apps/myapp/releases"), "no release without an uploaded slug");
    }

    @Test
    void uploadSucceedsOnlyOn200() throws Exception {
        Path slug = slug(100);
        server.enqueue(new MockResponse().setResponseCode(204));
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> api.uploadSlug(server.url("/blob").uri(), slug, null));
        assertEquals(
                "uploading the slug to " + server.getHostName()
                        + " failed: 204 No Content (an upload succeeds only with 200)",
                e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void uploadServerErrorsAreRetried() throws Exception {
        Path slug = slug(100);
        server.enqueue(new MockResponse().setResponseCode(503).setBody("<Error><Code>SlowDown</Code></Error>"));
        server.enqueue(new MockResponse().setResponseCode(200));
        api.uploadSlug(server.url("/blob").uri(), slug, null);
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits);
    }

    // ----------------------------------------------------------------------------------- release

    @Test
    void releaseServerErrorIsNotRetried() throws Exception {
        server.enqueue(error(503, "unavailable", "Backend unavailable").setHeader("Request-Id", "req-rel"));
        server.enqueue(releaseCreated(2));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> api.createRelease("myapp", SLUG_ID, "d"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "creating the release for myapp failed: 503 unavailable: Backend unavailable (request id req-rel);"
                        + " the release may or may not have been created (slug " + SLUG_ID + ")",
                e.getMessage());
        assertEquals("check with `heroku releases -a myapp` before trying again", e.hint());
        assertEquals(1, count(drain(server), "/apps/myapp/releases"), "exactly one release request");
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void releaseIsNotRepeatedByOkHttpOnRetryAfterZero() throws Exception {
        // OkHttp repeats a request by itself after "503 Retry-After: 0" unless its body is one-shot.
        server.enqueue(error(503, "unavailable", "x").setHeader("Retry-After", "0"));
        server.enqueue(releaseCreated(2));
        assertThrows(SlugbuilderException.class, () -> api.createRelease("myapp", SLUG_ID, "d"));
        assertEquals(1, count(drain(server), "/apps/myapp/releases"));
    }

    @Test
    void releaseRateLimitedThenCreatedIsRetried() throws Exception {
        server.enqueue(error(429, "rate_limit", "slow down").setHeader("Retry-After", "2"));
        server.enqueue(releaseCreated(43));
        Release release = api.createRelease("myapp", SLUG_ID, "d");
        assertEquals(43, release.version());
        assertEquals(2, count(drain(server), "/apps/myapp/releases"));
        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void releaseConnectionDroppedAfterSendingIsAmbiguousAndNotRetried() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(releaseCreated(2));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> api.createRelease("myapp", SLUG_ID, "d"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().startsWith("creating the release for myapp failed: "), e.getMessage());
        assertTrue(
                e.getMessage().endsWith("; the release may or may not have been created (slug " + SLUG_ID + ")"),
                e.getMessage());
        assertTrue(e.hint().contains("heroku releases -a myapp"));
        assertEquals(1, count(drain(server), "/apps/myapp/releases"));
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void releaseTimeoutAfterSendingIsAmbiguousAndNotRetried() throws Exception {
        OkHttpPlatformApi impatient = new OkHttpPlatformApi(
                server.url("/").uri(),
                new ApiToken("t0k", "test"),
                sleeper,
                Duration.ofSeconds(2),
                Duration.ofMillis(300));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(releaseCreated(2));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> impatient.createRelease("myapp", SLUG_ID, "d"));
        assertTrue(e.getMessage().startsWith("creating the release for myapp failed: no answer from "), e.getMessage());
        assertTrue(e.getMessage().contains("may or may not have been created"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void releaseIsRetriedWhenTheConnectionCouldNotBeMade() throws IOException {
        URI closed = closedPort();
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(closed, sleeper).createRelease("myapp", SLUG_ID, "d"));
        assertEquals(
                "creating the release for myapp failed: cannot connect to " + closed.getHost() + ":" + closed.getPort()
                        + " (gave up after 4 attempts)",
                e.getMessage(),
                "nothing was sent, so nothing is ambiguous");
        assertEquals(3, sleeper.waits.size(), "retried: the request never left");
    }

    @Test
    void releaseClientErrorIsPlainlyNotCreated() {
        server.enqueue(error(422, "invalid_params", "Slug not found."));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> api.createRelease("myapp", SLUG_ID, "d"));
        assertEquals("creating the release for myapp failed: 422 invalid_params: Slug not found.", e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void interruptedSleepStopsRetrying() {
        server.enqueue(error(503, "unavailable", "x"));
        OkHttpPlatformApi interruptible = api(server, duration -> {
            throw new InterruptedException();
        });
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> interruptible.createSlug("myapp", WEB));
        assertEquals(ExitCode.INTERRUPTED, e.exitCode());
        assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
        assertEquals(1, server.getRequestCount());
    }
}
