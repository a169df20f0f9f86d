package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.OkHttpPlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.SlugRequest;
import slugbuilder.support.CountingDispatcher;

/**
 * The release flow (create the slug, upload it, release it, look up the URL) against
 * MockWebServer standing in for the Platform API and the blob store: the order, the request
 * shapes, and what each failure leaves done and undone.
 */
class SlugShipperTest {
    private static final String TOKEN = "HRKU-shipper-5ecret-0123456789";
    private static final String SLUG_ID = "d969e0b3-9892-4567-8a1b-cbe8ec2d39d1";

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Duration> waits = new ArrayList<>();
    private Waiting beforeEachWait = () -> {};

    private interface Waiting {
        void run() throws InterruptedException;
    }

    private Path slug;

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        slug = dir.resolve("slug.tgz");
        Files.write(slug, new byte[200_000]);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Release ship() {
        OkHttpPlatformApi api = new OkHttpPlatformApi(
                URI.create(server.url("/").toString()), new ApiToken(TOKEN, "HEROKU_API_KEY"), wait -> {
                    beforeEachWait.run();
                    waits.add(wait);
                });
        Map<String, String> types = new LinkedHashMap<>();
        types.put("web", "node index.js");
        types.put("worker", "node worker.js");
        SlugRequest request = new SlugRequest(types, "0123abcd", "Ship it", "slugbuilder 1.0 (Node.js)", "heroku-24");
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new SlugShipper(api, console).ship("demo", slug, request, "Deploy 0123abcd");
    }

    private MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private MockResponse slugCreated() {
        return json(
                201,
                "{\"id\":\"" + SLUG_ID + "\",\"blob\":{\"method\":\"put\",\"url\":\""
                        + server.url("/blob?X-Amz-Signature=s3cr3t") + "\"},\"process_types\":{}}");
    }

    private MockResponse released() {
        return json(201, "{\"id\":\"r1\",\"version\":42,\"status\":\"succeeded\"}");
    }

    private MockResponse appInfo() {
        return json(200, "{\"name\":\"demo\",\"web_url\":\"https://demo.herokuapp.com/\"}");
    }

    private List<String> requestLines() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS);
                r != null;
                r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            lines.add(r.getMethod() + " " + r.getPath().replaceAll("\\?.*", ""));
        }
        return lines;
    }

    @Test
    void createsUploadsReleasesInThatOrderAndPrintsTheResult() throws Exception {
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(released());
        server.enqueue(appInfo());

        assertEquals(42, ship().version());

        RecordedRequest create = server.takeRequest();
        assertEquals("POST /apps/demo/slugs", create.getMethod() + " " + create.getPath());
        assertEquals("application/vnd.heroku+json; version=3", create.getHeader("Accept"));
        assertEquals("Bearer " + TOKEN, create.getHeader("Authorization"));
        assertEquals(
                "{\"process_types\":{\"web\":\"node index.js\",\"worker\":\"node worker.js\"},\"commit\":\"0123abcd\","
                        + "\"commit_description\":\"Ship it\",\"buildpack_provided_description\":\"slugbuilder 1.0 (Node.js)\",\"stack\":\"heroku-24\"}",
                create.getBody().readUtf8());
        RecordedRequest put = server.takeRequest();
        assertEquals("PUT /blob", put.getMethod() + " " + put.getPath().replaceAll("\\?.*", ""));
        assertEquals(null, put.getHeader("Content-Type"));
        assertEquals(null, put.getHeader("Authorization"));
        assertEquals("200000", put.getHeader("Content-Length"));
        assertEquals(200_000, put.getBodySize());
        RecordedRequest release = server.takeRequest();
        assertEquals("POST /apps/demo/releases", release.getMethod() + " " + release.getPath());
        assertEquals(
                "{\"slug\":\"" + SLUG_ID + "\",\"description\":\"Deploy 0123abcd\"}",
                release.getBody().readUtf8());
        assertEquals("GET /apps/demo", server.takeRequest().getMethod() + " /apps/demo");

        assertEquals("Released v42 of demo\nhttps://demo.herokuapp.com/\n", out.toString());
        assertTrue(err.toString().contains("uploaded 100% of 0.2 MB"), err.toString());
        assertFalse((out.toString() + err.toString()).contains(TOKEN));
        assertFalse(
                (out.toString() + err.toString()).contains("s3cr3t"), "the blob URL's signature is a credential too");
    }

    @Test
    void aRefusedUploadIsNeverReleased() throws Exception {
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setResponseCode(403).setBody("<Error><Code>AccessDenied</Code></Error>"));

        SlugbuilderException failure = assertThrows(SlugbuilderException.class, this::ship);

        assertEquals(5, failure.exitCode().code);
        assertTrue(failure.getMessage().startsWith("uploading the slug"), failure.getMessage());
        assertTrue(failure.getMessage().contains("403"), failure.getMessage());
        assertEquals(List.of("POST /apps/demo/slugs", "PUT /blob"), requestLines());
        assertEquals("", out.toString(), "no release line");
    }

    @Test
    void anUploadCutOffMidwayIsSentAgainWholeThenReleasedOnce() throws Exception {
        CountingDispatcher queue = CountingDispatcher.on(server);
        beforeEachWait = () -> queue.awaitDispatched(2); // the slug's creation and the broken upload
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY));
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(released());
        server.enqueue(appInfo());

        assertEquals(42, ship().version());

        List<String> lines = requestLines();
        assertEquals("POST /apps/demo/slugs", lines.get(0));
        assertEquals(
                List.of("POST /apps/demo/releases"),
                lines.stream().filter(l -> l.contains("releases")).toList(),
                "one release");
        assertEquals("GET /apps/demo", lines.get(lines.size() - 1));
    }

    @Test
    void anUnprocessableReleaseShowsTheApiMessageAndIsNotRepeated() throws Exception {
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(json(422, "{\"id\":\"invalid_params\",\"message\":\"Slug is not ready.\"}"));

        SlugbuilderException failure = assertThrows(SlugbuilderException.class, this::ship);

        assertEquals(5, failure.exitCode().code);
        assertTrue(
                failure.getMessage().contains("422") && failure.getMessage().contains("Slug is not ready."),
                failure.getMessage());
        assertEquals(List.of("POST /apps/demo/slugs", "PUT /blob", "POST /apps/demo/releases"), requestLines());
    }

    @Test
    void theReleaseStandsWhenOnlyTheUrlLookupFails() throws Exception {
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(released());
        server.enqueue(json(404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that app.\"}"));

        assertEquals(42, ship().version());

        assertEquals("Released v42 of demo\n", out.toString());
        assertTrue(
                err.toString().contains("warning: released, but the app's URL could not be looked up"), err.toString());
    }

    @Test
    void aRateLimitedSlugCreationWaitsAsToldThenGoesOn() throws Exception {
        server.enqueue(json(429, "{\"id\":\"rate_limit\",\"message\":\"Your account reached the API rate limit\"}")
                .setHeader("Retry-After", "2"));
        server.enqueue(slugCreated());
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(released());
        server.enqueue(appInfo());

        assertEquals(42, ship().version());

        assertEquals(List.of(Duration.ofSeconds(2)), waits);
        assertEquals(
                List.of(
                        "POST /apps/demo/slugs",
                        "POST /apps/demo/slugs",
                        "PUT /blob",
                        "POST /apps/demo/releases",
                        "GET /apps/demo"),
                requestLines());
    }
}
