package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.EngineInfo;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.heroku.Credentials;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.OkHttpRegistryClientTest;
import slugbuilder.registry.Registry;

/** The push use case on the fake engine, with a stand-in registry that serves back what was pushed. */
class ContainerPusherTest {
    static final String TOKEN = "a-secret-token";

    @TempDir
    Path root;

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<BuildRequest> builds = Collections.synchronizedList(new ArrayList<>());
    private MockWebServer registryServer;
    private Registry registry;

    @BeforeEach
    void start() throws IOException {
        engine.addImage("slugbuilder/stack:bookworm", Map.of());
        engine.onBuild(request -> builds.add(request) && false, FakeEngine.BuildScript.succeeding("app", List.of()));
        registryServer = new MockWebServer();
        // the manifest of whatever the fake engine built for the type: its id is the config digest
        registryServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String type = request.getPath().replaceAll("^/v2/[^/]+/([^/]+)/manifests/latest$", "$1");
                String id = engine.inspect(registry.image("my-app", type)).id();
                return new MockResponse().setBody(OkHttpRegistryClientTest.schema2(id));
            }
        });
        registryServer.start();
        registry = new Registry("localhost:" + registryServer.getPort());
    }

    @AfterEach
    void stop() throws IOException {
        registryServer.shutdown();
    }

    private void file(String name, String text) throws IOException {
        Path path = root.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private ContainerPusher.Plan plan(boolean recursive, Map<String, String> buildArgs, String... types) {
        ContainerPusher.Options options = new ContainerPusher.Options(
                List.of(types),
                recursive,
                "my-app",
                registry,
                buildArgs,
                null,
                null,
                URI.create("https://api.heroku.com"));
        return ContainerPusher.plan(
                AppDir.open(root), options, new Credentials(Map.of("HEROKU_API_KEY", TOKEN), root), Map.of());
    }

    private List<ContainerPusher.Pushed> push(ContainerPusher.Plan plan) {
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new ContainerPusher(engine, console, OkHttpRegistryClient::new).push(AppDir.open(root), plan);
    }

    private String localTag(String type) {
        return ContainerImageBuilder.localTag(AppIdentity.of(AppDir.open(root)), type);
    }

    @Test
    void buildsEveryTypeForLinuxAmd64ThenPushesEachWithTheTokenAndReadsItsManifest() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        file("jobs/Dockerfile.worker", "FROM slugbuilder/stack:bookworm\nCMD [\"./worker\"]\n");
        List<ContainerPusher.Pushed> pushed = push(plan(true, Map.of()));

        assertEquals(
                List.of("web", "worker"),
                pushed.stream().map(ContainerPusher.Pushed::type).toList());
        assertEquals(2, builds.size());
        builds.forEach(build -> assertEquals("linux/amd64", build.platform()));
        assertEquals("Dockerfile.worker", builds.get(1).dockerfile(), "the Dockerfile's directory is the context");
        List<String> methods =
                engine.calls().stream().map(FakeEngine.Call::method).toList();
        assertTrue(
                methods.lastIndexOf("build") < methods.indexOf("push"), "every image is built before the first upload");
        assertEquals(
                List.of(
                        List.of(registry.image("my-app", "web"), registry.address(), "_"),
                        List.of(registry.image("my-app", "worker"), registry.address(), "_")),
                engine.calls("push").stream().map(FakeEngine.Call::args).toList());
        engine.pushAuths().forEach(auth -> assertEquals(TOKEN, auth.password()));
        assertEquals(engine.inspect(localTag("web")).id(), pushed.get(0).imageId(), "the id the registry gives back");
        assertEquals(2, registryServer.getRequestCount(), "one manifest read per type");
        assertTrue(out.toString().startsWith("Pushed web: " + registry.image("my-app", "web") + " sha256:"));
        assertFalse((out.toString() + err + engine.calls()).contains(TOKEN), "the token is never shown");
    }

    @Test
    void buildArgumentsComeFromHerokuYmlAndTheCommandLineWins() throws IOException {
        file("Dockerfile", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        file("heroku.yml", "build:\n  docker:\n    web: Dockerfile\n  config:\n    A: from-yml\n    B: from-yml\n");
        push(plan(false, Map.of("B", "from-cli")));
        assertEquals(Map.of("A", "from-yml", "B", "from-cli"), builds.get(0).buildArgs());
    }

    @Test
    void anImageWithoutCmdOrEntrypointIsRefusedBeforeAnyUpload() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        file("Dockerfile.worker", "FROM slugbuilder/stack:bookworm\n");
        engine.platform(
                localTag("worker"),
                new FakeEngine.Platform("linux", "amd64", List.of(), List.of(), 1_000_000, List.of("sha256:1")));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> push(plan(true, Map.of())));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "Dockerfile.worker: the worker image has neither CMD nor ENTRYPOINT: its dynos would have nothing to run",
                e.getMessage());
        assertTrue(engine.calls("push").isEmpty(), "not even web went up");
    }

    @Test
    void anImageForAnotherPlatformIsRefusedBeforeAnyUpload() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        engine.platform(
                localTag("web"),
                new FakeEngine.Platform("linux", "arm64", List.of("./web"), List.of(), 1_000_000, List.of("sha256:1")));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> push(plan(false, Map.of(), "web")));
        assertEquals("Dockerfile.web: builds a linux/arm64 image; Heroku runs only linux/amd64", e.getMessage());
        assertTrue(engine.calls("push").isEmpty());
    }

    @Test
    void anEngineWithTheContainerdImageStoreIsRefusedBeforeAnyBuild() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        engine.engineInfo(
                new EngineInfo("overlayfs", List.of(List.of("driver-type", "io.containerd.snapshotter.v1")), true));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> push(plan(false, Map.of(), "web")));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(e.getMessage().contains("containerd image store"), e.getMessage());
        assertTrue(engine.calls("build").isEmpty());
    }

    @Test
    void manyLayersGetHerokusWarning() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        List<String> layers =
                IntStream.range(0, 41).mapToObj(i -> "sha256:" + i).toList();
        engine.platform(
                localTag("web"),
                new FakeEngine.Platform("linux", "amd64", List.of("./web"), List.of(), 41_000_000, layers));
        push(plan(false, Map.of(), "web"));
        assertTrue(
                err.toString().contains("warning: the web image has 41 layers; Heroku says images with more than 40"),
                err.toString());
    }

    @Test
    void aRegistryThatRefusesThePushFailsWithTheEnginesWordsAndNothingIsReadBack() throws IOException {
        file("Dockerfile.web", "FROM slugbuilder/stack:bookworm\nCMD [\"./web\"]\n");
        engine.failNext(
                "push",
                new SlugbuilderException(
                        ExitCode.PLATFORM_API, "failed to push x: the registry refused the token (unauthorized)"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> push(plan(false, Map.of(), "web")));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(0, registryServer.getRequestCount());
    }

    @Test
    void aMissingAppOrTokenFailsBeforeTheEngineIsUsed() throws IOException {
        file("Dockerfile.web", "FROM x\n");
        ContainerPusher.Options options = new ContainerPusher.Options(
                List.of("web"), false, "my-app", registry, Map.of(), null, null, URI.create("https://api.heroku.com"));
        Path emptyHome = Files.createDirectories(root.resolve("home"));
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> ContainerPusher.plan(
                        AppDir.open(root),
                        options,
                        new Credentials(Map.of("HOME", emptyHome.toString()), emptyHome),
                        Map.of()));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(engine.calls().isEmpty());
    }

    @Test
    void herokuYmlsTargetStageIsTheStageBuiltAndPushed() throws IOException {
        file(
                "Dockerfile",
                "FROM slugbuilder/stack:bookworm AS build\nRUN make\n"
                        + "FROM slugbuilder/stack:bookworm AS production\nCMD [\"./web\"]\n"
                        + "FROM production AS test\nCMD [\"./test\"]\n");
        file(
                "heroku.yml",
                "build:\n  docker:\n    web:\n      dockerfile: Dockerfile\n      target: production\n"
                        + "    worker: Dockerfile\n");

        push(plan(false, Map.of()));

        assertEquals(
                List.of("production", "none"),
                builds.stream()
                        .map(b -> b.target() == null ? "none" : b.target())
                        .toList());
        assertTrue(err.toString().contains("Building web from Dockerfile up to its stage production"), err.toString());
    }
}
