package slugbuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.heroku.ApiToken;

/** The registry client against a stand-in that checks the request's shape and answers as a registry does. */
public class OkHttpRegistryClientTest {
    static final String TOKEN = "0123abcd-token";
    static final String CONFIG = "sha256:" + "c".repeat(64);

    private MockWebServer server;
    private OkHttpRegistryClient client;

    public static String schema2(String config) {
        return """
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1000, "digest": "%s"},
                 "layers": [
                   {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2000, "digest": "sha256:%s"},
                   {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3000, "digest": "sha256:%s"}]}
                """.formatted(config, "a".repeat(64), "b".repeat(64));
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = new OkHttpRegistryClient(new Registry("localhost:" + server.getPort()), new ApiToken(TOKEN, "test"));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void readsTheConfigDigestWithHerokusAuthAndAcceptHeaders() throws InterruptedException {
        server.enqueue(new MockResponse()
                .setHeader("Content-Type", Manifest.SCHEMA2)
                .setHeader("Docker-Content-Digest", "sha256:" + "d".repeat(64))
                .setBody(schema2(CONFIG)));
        Manifest manifest = client.manifest("my-app", "web");
        assertEquals(new Manifest("sha256:" + "d".repeat(64), CONFIG, 2, 6000), manifest);

        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/v2/my-app/web/manifests/latest", request.getPath());
        assertEquals(Manifest.SCHEMA2, request.getHeader("Accept"));
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString(("_:" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                request.getHeader("Authorization"));
        assertEquals("http", request.getRequestUrl().scheme(), "a registry on this machine speaks plain HTTP");
    }

    @Test
    void imageIdIsTheConfigDigestNotTheManifestDigest() {
        server.enqueue(new MockResponse()
                .setHeader("Docker-Content-Digest", "sha256:" + "d".repeat(64))
                .setBody(schema2(CONFIG)));
        assertEquals(CONFIG, client.imageId("my-app", "web"));
    }

    @Test
    void anOciManifestIsRefused() {
        server.enqueue(new MockResponse()
                .setHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .setBody(schema2(CONFIG).replace(Manifest.SCHEMA2, "application/vnd.oci.image.manifest.v1+json")));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "web"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("the manifest of localhost:" + server.getPort()
                                + "/my-app/web:latest is an OCI image manifest, which Heroku refuses"),
                e.getMessage());
    }

    @Test
    void aManifestListIsRefused() {
        server.enqueue(new MockResponse()
                .setHeader("Content-Type", "application/vnd.docker.distribution.manifest.list.v2+json")
                .setBody("{\"schemaVersion\": 2, \"manifests\": []}"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "web"));
        assertTrue(e.getMessage().contains("is a multi-platform list"), e.getMessage());
    }

    @Test
    void aManifestWithoutAConfigDigestIsRefused() {
        server.enqueue(new MockResponse().setBody(schema2("sha256:short")));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "web"));
        assertTrue(e.getMessage().endsWith("has no config digest (config.digest): no image id to release"));
    }

    @Test
    void aMissingImageIsA404ThatSaysToPushFirst() {
        server.enqueue(
                new MockResponse().setResponseCode(404).setBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "worker"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "failed to read the manifest of localhost:" + server.getPort()
                        + "/my-app/worker:latest: the registry has no such image (HTTP 404)",
                e.getMessage());
        assertEquals("push it first: slugbuilder container push worker -a my-app", e.hint());
    }

    @Test
    void aRefusedTokenIsSaidWithoutShowingIt() {
        server.enqueue(new MockResponse().setResponseCode(401));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "web"));
        assertTrue(e.getMessage().endsWith("the registry refused the token (HTTP 401)"), e.getMessage());
        assertFalse((e.getMessage() + e.hint()).contains(TOKEN));
        assertFalse(client.toString().contains(TOKEN));
    }

    @Test
    void aRegistryThatIsNotThereIsExit5() throws IOException {
        server.shutdown();
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> client.manifest("my-app", "web"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().contains("cannot reach the registry at localhost:"), e.getMessage());
    }
}
