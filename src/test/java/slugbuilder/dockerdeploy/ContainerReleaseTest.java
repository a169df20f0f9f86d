package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Credentials;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.ReleaseFollower;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.Sleeper;
import slugbuilder.heroku.TestApis;
import slugbuilder.registry.Manifest;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;
import slugbuilder.support.FakePlatform;

/**
 * container release against the Platform API stand-in (through the real client) and a registry
 * stand-in (through the real registry client): what is checked before anything changes, the one
 * formation update, and how the new release is followed.
 */
class ContainerReleaseTest {
    private static final String TOKEN = "hrku-container-release-token";
    private static final String APP = "demo";
    private static final Map<String, String> IMAGE_IDS = Map.of(
            "web", "sha256:" + "1".repeat(64),
            "worker", "sha256:" + "2".repeat(64),
            "release", "sha256:" + "3".repeat(64));

    @TempDir
    Path dir;

    private FakePlatform platform;
    private MockWebServer registryServer;
    private final Map<String, String> pushed = new ConcurrentHashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);

    @BeforeEach
    void start() throws IOException {
        platform = new FakePlatform(dir.resolve("blobs"));
        platform.stack("container");
        registryServer = new MockWebServer();
        registryServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return manifest(request);
            }
        });
        registryServer.start(InetAddress.getLoopbackAddress(), 0);
        pushed.putAll(IMAGE_IDS);
    }

    @AfterEach
    void stop() throws IOException {
        platform.close();
        registryServer.shutdown();
    }

    /** A schema 2 manifest of a pushed type, whose config digest is its image id; 404 for one never pushed. */
    private MockResponse manifest(RecordedRequest request) {
        if (!Credentials.basic("_", TOKEN).equals(request.getHeader("Authorization"))) {
            return new MockResponse().setResponseCode(401);
        }
        String path = request.getPath();
        String prefix = "/v2/" + APP + "/";
        String suffix = "/manifests/latest";
        String type = path.startsWith(prefix) && path.endsWith(suffix)
                ? path.substring(prefix.length(), path.length() - suffix.length())
                : "";
        String id = pushed.get(type);
        if (id == null) {
            return new MockResponse().setResponseCode(404).setBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
        }
        return new MockResponse()
                .setHeader("Content-Type", Manifest.SCHEMA2)
                .setHeader("Docker-Content-Digest", "sha256:" + "f".repeat(64))
                .setBody("{\"schemaVersion\":2,\"mediaType\":\"" + Manifest.SCHEMA2 + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.docker.container.image.v1+json\",\"size\":100,\"digest\":\"" + id
                        + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                        + "\"size\":1000,\"digest\":\"sha256:" + "e".repeat(64) + "\"}]}");
    }

    private ContainerReleaser.Plan plan(String... types) {
        Registry registry = new Registry("127.0.0.1:" + registryServer.getPort());
        ContainerReleaser.Options options =
                new ContainerReleaser.Options(List.of(types), APP, registry, URI.create(platform.baseUrl()));
        return ContainerReleaser.Plan.of(
                AppDir.open(dir),
                options,
                new slugbuilder.heroku.Credentials(Map.of("HEROKU_API_KEY", TOKEN), dir),
                Map.of());
    }

    private Release release(ContainerReleaser.Plan plan) {
        Sleeper noWait = duration -> {};
        PlatformApi api = TestApis.withTimeouts(
                URI.create(platform.baseUrl()), plan.token(), noWait, Duration.ofSeconds(2), Duration.ofSeconds(5));
        ReleaseFollower follower = new ReleaseFollower(api, console, noWait, System::nanoTime, Duration.ofSeconds(30));
        return new ContainerReleaser(api, console, OkHttpRegistryClient::new, follower).release(plan);
    }

    private List<RecordedRequest> formationUpdates() {
        return platform.requests().stream()
                .filter(r -> r.getMethod().equals("PATCH"))
                .toList();
    }

    @Test
    void everyTypesImageIdGoesIntoOneFormationUpdateThenTheReleaseIsReported() {
        Release release = release(plan("web", "worker"));

        assertTrue(release.succeeded());
        List<RecordedRequest> updates = formationUpdates();
        assertEquals(1, updates.size());
        assertEquals("/apps/demo/formation", updates.get(0).getPath());
        assertEquals(
                "{\"updates\":[{\"type\":\"web\",\"docker_image\":\"" + IMAGE_IDS.get("web") + "\"},"
                        + "{\"type\":\"worker\",\"docker_image\":\"" + IMAGE_IDS.get("worker") + "\"}]}",
                updates.get(0).getBody().clone().readString(StandardCharsets.UTF_8));
        assertTrue(out.toString().contains("Released v42 of demo\n"), out.toString());
        assertTrue(out.toString().contains("https://demo.herokuapp.com/"), out.toString());
        assertFalse(err.toString().contains(TOKEN) || out.toString().contains(TOKEN));
        List<String> calls = platform.requests().stream()
                .map(r -> r.getMethod() + " " + r.getPath())
                .toList();
        assertEquals(
                List.of(
                        "GET /apps/demo",
                        "GET /apps/demo/releases",
                        "PATCH /apps/demo/formation",
                        "GET /apps/demo/releases"),
                calls);
    }

    @Test
    void anAppOffTheContainerStackIsRefusedNamingItsStackAndTheFixWithNothingChanged() {
        platform.stack("heroku-24");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(plan("web")));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().startsWith("the app demo is on the stack heroku-24, not container"), e.getMessage());
        assertTrue(e.hint().startsWith("heroku stack:set container -a demo"), e.hint());
        assertEquals(List.of(), formationUpdates());
        assertEquals(0, registryServer.getRequestCount(), "checked before the registry is asked");
    }

    @Test
    void aTypeNeverPushedIsNamedWithThePushToRunAndNothingIsReleased() {
        pushed.remove("worker");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(plan("web", "worker")));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage().contains("/demo/worker:latest: the registry has no such image (HTTP 404)"),
                e.getMessage());
        assertEquals("push it first: slugbuilder container push worker -a demo", e.hint());
        assertEquals(List.of(), formationUpdates());
    }

    @Test
    void aRefusedFormationUpdateIsOneLineWithTheApisMessage() {
        platform.refuseFormations("Couldn't find that docker image.");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(plan("web")));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("updating the formation of demo (web) failed: 422 invalid_params: Couldn't find"
                                + " that docker image."),
                e.getMessage());
        assertEquals(1, formationUpdates().size());
        assertFalse(out.toString().contains("Released"), out.toString());
    }

    @Test
    void anUpdateThatMakesNoNewReleaseSaysNothingWasReleased() {
        release(plan("web")); // v42
        out.getBuffer().setLength(0);
        platform.formationsMakeNoRelease();

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(plan("web")));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "the formation of demo was updated but nothing was released: the newest release is still v42",
                e.getMessage());
        assertFalse(out.toString().contains("Released"), out.toString());
    }

    @Test
    void theReleaseTypesPhaseIsStreamedAndAFailureExits5WithoutReleased() {
        platform.releasePhase(new FakePlatform.ReleasePhase(2, List.of("Migrating", "migration failed"), "failed"));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(plan("web", "release")));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("release v42 of demo failed in its release phase", e.getMessage());
        assertTrue(err.toString().contains("release | migration failed"), err.toString());
        assertFalse(out.toString().contains("Released"), out.toString());
    }

    @Test
    void theReleaseTypesPhaseThatSucceedsIsStreamedThenReleased() {
        platform.releasePhase(new FakePlatform.ReleasePhase(2, List.of("Migrating", "migrated"), "succeeded"));

        Release release = release(plan("web", "release"));

        assertEquals(42, release.version());
        assertTrue(err.toString().contains("release | Migrating\nrelease | migrated"), err.toString());
        assertTrue(out.toString().contains("Released v42 of demo"), out.toString());
    }

    @Test
    void herokuYmlsReleaseImageIsReleasedAsTheReleaseTypeAndTheProcfilesReleaseLineIsIgnored() throws IOException {
        Files.writeString(
                dir.resolve("heroku.yml"),
                "build:\n  docker:\n    web: Dockerfile\n    worker: Dockerfile.worker\nrelease:\n  image: worker\n");
        Files.writeString(dir.resolve("Procfile"), "web: ./server\nrelease: ./migrate\n");

        release(plan("web"));

        assertEquals(
                "{\"updates\":[{\"type\":\"web\",\"docker_image\":\"" + IMAGE_IDS.get("web") + "\"},"
                        + "{\"type\":\"release\",\"docker_image\":\"" + IMAGE_IDS.get("worker") + "\"}]}",
                formationUpdates().get(0).getBody().clone().readString(StandardCharsets.UTF_8));
        assertTrue(err.toString().contains("the release phase runs the CMD of the worker image"), err.toString());
        assertTrue(err.toString().contains("the Procfile's release line (Procfile:2) is not run"), err.toString());
    }

    @Test
    void aReleaseImageNoDockerfileBuildsIsRefusedAtItsLineBeforeAnyRequest() throws IOException {
        Files.writeString(
                dir.resolve("heroku.yml"), "build:\n  docker:\n    web: Dockerfile\nrelease:\n  image: worker\n");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> plan("web"));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "heroku.yml:5: release.image: no Dockerfile builds process type \"worker\"; build.docker builds web",
                e.getMessage());
        assertEquals("add  worker: Dockerfile.worker  under build.docker, or name one of those types", e.hint());
        assertEquals(List.of(), platform.requests());

        // without build.docker, a Dockerfile.<type> below the app is behind it
        Files.writeString(dir.resolve("heroku.yml"), "release:\n  image: worker\n");
        SlugbuilderException none = assertThrows(SlugbuilderException.class, () -> plan("web"));
        assertEquals(
                "heroku.yml:2: release.image: no Dockerfile builds process type \"worker\" (no Dockerfile.worker in"
                        + " the app)",
                none.getMessage());
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("jobs/Dockerfile.worker"), "FROM base\nCMD ./migrate\n");
        assertEquals("worker", plan("web").types().get(1).imageOf());
    }

    @Test
    void aReleaseCommandForAnotherTypesImageIsRefusedBeforeAnyRequest() throws IOException {
        Files.writeString(
                dir.resolve("heroku.yml"),
                "build:\n  docker:\n    web: Dockerfile\nrelease:\n  image: web\n  command:\n    - ./migrate\n");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> plan("web"));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("heroku.yml:6: release.command cannot be sent"), e.getMessage());
        assertEquals(List.of(), platform.requests());
    }

    @Test
    void noTypeWithoutHerokuYmlIsAUsageError() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> plan());

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("no process type given", e.getMessage());
    }
}
