package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static slugbuilder.heroku.ApiTestSupport.SLUG_ID;
import static slugbuilder.heroku.ApiTestSupport.TOKEN;
import static slugbuilder.heroku.ApiTestSupport.api;
import static slugbuilder.heroku.ApiTestSupport.drain;
import static slugbuilder.heroku.ApiTestSupport.json;
import static slugbuilder.heroku.ApiTestSupport.releaseCreated;
import static slugbuilder.heroku.ApiTestSupport.slugCreated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;

/** The requests the adapter sends when all goes well: methods, paths, headers, bodies, order. */
class OkHttpPlatformApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

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

    private Path slug(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return Files.write(tmp.resolve("slug.tgz"), bytes);
    }

    @Test
    void slugUploadAndReleaseInOrderWithTheRightShapes() throws Exception {
        Path slug = slug(300_000);
        server.enqueue(slugCreated(server, "/blob/slugs/abc.tgz?X-Amz-Signature=sig&X-Amz-Expires=3600"));
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(releaseCreated(42));
        OkHttpPlatformApi api = api(server, sleeper);

        Map<String, String> processTypes = new LinkedHashMap<>();
        processTypes.put("web", "node index.js");
        processTypes.put("worker-1", "node worker.js");
        SlugCreated created = api.createSlug(
                "myapp",
                new SlugRequest(
                        processTypes,
                        "0123456789abcdef0123456789abcdef01234567",
                        "Fix \"quotes\" and ünïcode",
                        "Node.js (slugbuilder)",
                        "heroku-24"));
        List<Long> progress = new ArrayList<>();
        api.uploadSlug(created.blobUrl(), slug, progress::add);
        Release release = api.createRelease("myapp", created.id(), "Deployed by slugbuilder");

        assertEquals(SLUG_ID, created.id());
        assertEquals("put", created.blobMethod());
        assertEquals(
                server.url("/blob/slugs/abc.tgz?X-Amz-Signature=sig&X-Amz-Expires=3600")
                        .uri(),
                created.blobUrl());
        assertEquals(new Release("r-42", 42, "succeeded"), release);

        RecordedRequest slugPost = server.takeRequest();
        assertEquals("POST", slugPost.getMethod());
        assertEquals("/apps/myapp/slugs", slugPost.getPath());
        assertApiHeaders(slugPost);
        assertEquals("application/json", slugPost.getHeader("Content-Type"));
        JsonNode slugBody = JSON.readTree(slugPost.getBody().readUtf8());
        assertEquals(
                JSON.readTree("{\"process_types\":{\"web\":\"node index.js\",\"worker-1\":\"node worker.js\"},"
                        + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\","
                        + "\"commit_description\":\"Fix \\\"quotes\\\" and ünïcode\","
                        + "\"buildpack_provided_description\":\"Node.js (slugbuilder)\",\"stack\":\"heroku-24\"}"),
                slugBody);
        assertEquals(List.of("web", "worker-1"), fieldNames(slugBody.get("process_types")), "Procfile order kept");

        RecordedRequest put = server.takeRequest();
        assertEquals("PUT", put.getMethod());
        assertEquals(
                "/blob/slugs/abc.tgz?X-Amz-Signature=sig&X-Amz-Expires=3600", put.getPath(), "signed query kept as is");
        assertNull(put.getHeader("Content-Type"), "a signed URL wants no Content-Type");
        assertNull(put.getHeader("Authorization"), "the token must not go to the object store");
        assertNull(put.getHeader("Accept"));
        assertEquals(String.valueOf(Files.size(slug)), put.getHeader("Content-Length"));
        assertNull(put.getHeader("Transfer-Encoding"));
        assertTrue(put.getChunkSizes().isEmpty(), "not chunked");
        assertArrayEquals(Files.readAllBytes(slug), put.getBody().readByteArray());
        assertEquals(Files.size(slug), progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress only grows: " + progress);
        }

        RecordedRequest releasePost = server.takeRequest();
        assertEquals("POST", releasePost.getMethod());
        assertEquals("/apps/myapp/releases", releasePost.getPath());
        assertApiHeaders(releasePost);
        assertEquals("application/json", releasePost.getHeader("Content-Type"));
        assertEquals(
                JSON.readTree("{\"slug\":\"" + SLUG_ID + "\",\"description\":\"Deployed by slugbuilder\"}"),
                JSON.readTree(releasePost.getBody().readUtf8()));

        assertEquals(3, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty(), "no retries: " + sleeper.waits);
    }

    private static void assertApiHeaders(RecordedRequest request) {
        assertEquals("application/vnd.heroku+json; version=3", request.getHeader("Accept"));
        assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
        assertEquals("slugbuilder/" + Version.current(), request.getHeader("User-Agent"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void nullFieldsAreLeftOutOfTheSlugJson() throws Exception {
        server.enqueue(slugCreated(server, "/blob"));
        api(server, sleeper).createSlug("myapp", SlugRequest.of(Map.of("web", "bin/web")));
        assertEquals(
                JSON.readTree("{\"process_types\":{\"web\":\"bin/web\"}}"),
                JSON.readTree(server.takeRequest().getBody().readUtf8()));
    }

    @Test
    void releaseWithoutDescriptionSendsOnlyTheSlug() throws Exception {
        server.enqueue(releaseCreated(7));
        Release release = api(server, sleeper).createRelease("myapp", SLUG_ID, null);
        assertEquals(7, release.version());
        assertEquals(
                JSON.readTree("{\"slug\":\"" + SLUG_ID + "\"}"),
                JSON.readTree(server.takeRequest().getBody().readUtf8()));
    }

    @Test
    void appLookupIsAGetWithoutBody() throws Exception {
        server.enqueue(
                json(200, "{\"name\":\"myapp\",\"web_url\":\"https://myapp-1234.herokuapp.com/\",\"id\":\"x\"}"));
        AppInfo info = api(server, sleeper).app("myapp");
        assertEquals(new AppInfo("myapp", "https://myapp-1234.herokuapp.com/"), info);
        RecordedRequest get = server.takeRequest();
        assertEquals("GET", get.getMethod());
        assertEquals("/apps/myapp", get.getPath());
        assertApiHeaders(get);
        assertNull(get.getHeader("Content-Type"));
        assertEquals(0, get.getBodySize());
    }

    @Test
    void appNamesAreOnePathSegment() throws Exception {
        server.enqueue(json(200, "{\"name\":\"x\",\"web_url\":null}"));
        AppInfo info = api(server, sleeper).app("../admin?x=1");
        assertNull(info.webUrl());
        assertEquals("/apps/..%2Fadmin%3Fx=1", server.takeRequest().getPath());
    }

    @Test
    void baseUrlMayCarryAPathPrefix() throws Exception {
        server.enqueue(json(200, "{\"name\":\"myapp\",\"web_url\":\"https://myapp.herokuapp.com/\"}"));
        new OkHttpPlatformApi(server.url("/proxy/heroku/").uri(), new ApiToken(TOKEN, "test"), sleeper).app("myapp");
        assertEquals("/proxy/heroku/apps/myapp", server.takeRequest().getPath());
    }

    @Test
    void invalidProcessTypeNamesAreRefusedBeforeSending() throws Exception {
        OkHttpPlatformApi api = api(server, sleeper);
        for (String bad : List.of("", "web server", "web.1", "wéb", "x".repeat(129), "web:1")) {
            SlugbuilderException e = assertThrows(
                    SlugbuilderException.class, () -> api.createSlug("myapp", SlugRequest.of(Map.of(bad, "run"))), bad);
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid process type name \""), e.getMessage());
            assertTrue(e.hint().contains("Procfile"));
        }
        assertEquals(0, server.getRequestCount(), "nothing sent");
    }

    @Test
    void processTypeNamesAtTheLimitAreAccepted() throws Exception {
        server.enqueue(slugCreated(server, "/blob"));
        String longest = "a".repeat(128);
        api(server, sleeper).createSlug("myapp", SlugRequest.of(Map.of(longest, "run", "x", "y")));
        assertTrue(server.takeRequest().getBody().readUtf8().contains(longest));
    }

    @Test
    void uploadFollowsA307WithTheBodyAndNoCredentials() throws Exception {
        Path slug = slug(10_000);
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/elsewhere/slug.tgz?sig=2"));
        server.enqueue(new MockResponse().setResponseCode(200));
        api(server, sleeper).uploadSlug(server.url("/blob/slug.tgz?sig=1").uri(), slug, null);

        assertEquals("/blob/slug.tgz?sig=1", server.takeRequest().getPath());
        RecordedRequest redirected = server.takeRequest();
        assertEquals("PUT", redirected.getMethod());
        assertEquals("/elsewhere/slug.tgz?sig=2", redirected.getPath());
        assertNull(redirected.getHeader("Authorization"));
        assertNull(redirected.getHeader("Content-Type"));
        assertEquals("10000", redirected.getHeader("Content-Length"));
        assertArrayEquals(Files.readAllBytes(slug), redirected.getBody().readByteArray());
    }

    @Test
    void uploadRefusesA302InsteadOfTurningThePutIntoAGet() throws Exception {
        Path slug = slug(1000);
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/got-a-get"));
        server.enqueue(new MockResponse().setResponseCode(200));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api(server, sleeper)
                .uploadSlug(server.url("/blob").uri(), slug, null));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("uploading the slug to " + server.getHostName() + " failed: 302 redirect"),
                e.getMessage());
        assertTrue(e.getMessage().contains("only a 307 or 308 redirect may repeat a PUT"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "no GET to the Location");
    }

    @Test
    void apiRedirectToAnotherHostDropsTheAuthorization() throws Exception {
        try (MockWebServer other = new MockWebServer()) {
            other.enqueue(json(200, "{\"name\":\"myapp\",\"web_url\":\"https://myapp.herokuapp.com/\"}"));
            // the same server under another host name is another origin
            String elsewhere = other.url("/apps/myapp")
                    .newBuilder()
                    .host("127.0.0.1")
                    .build()
                    .toString();
            server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", elsewhere));
            URI base = server.url("/").newBuilder().host("localhost").build().uri();
            assertEquals("myapp", api(base, sleeper).app("myapp").name());
            assertEquals("Bearer " + TOKEN, server.takeRequest().getHeader("Authorization"));
            RecordedRequest followed = other.takeRequest();
            assertEquals("GET", followed.getMethod());
            assertNull(followed.getHeader("Authorization"));
        }
    }

    @Test
    void signedQueryIsKeptOutOfToString() {
        SlugCreated created =
                new SlugCreated("id", "put", URI.create("https://s3.example/slug?X-Amz-Signature=topsecret"));
        assertFalse(created.toString().contains("topsecret"), created.toString());
        assertTrue(created.toString().contains("https://s3.example/slug"), created.toString());
    }

    @Test
    void missingSlugFileIsAClearErrorWithoutRequest() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api(server, sleeper)
                .uploadSlug(server.url("/blob").uri(), tmp.resolve("nope.tgz"), null));
        assertTrue(e.getMessage().startsWith("cannot read the slug "), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void emptySlugIsUploadedWithContentLengthZero() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.tgz"), new byte[0]);
        server.enqueue(new MockResponse().setResponseCode(200));
        api(server, sleeper).uploadSlug(server.url("/blob").uri(), empty, null);
        RecordedRequest put = server.takeRequest();
        assertEquals("0", put.getHeader("Content-Length"));
        assertNull(put.getHeader("Content-Type"));
        assertEquals(0, put.getBodySize());
        assertTrue(drain(server).isEmpty());
    }
}
