package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.RegistryAuth;

/**
 * What the adapter allows for when the engine is Podman's Docker-compatible API (told by GET
 * /version), against a fake engine answering as Podman 4.3 does; and that Docker's requests stay
 * as they were.
 */
class PodmanCompatibilityTest {
    static final String PODMAN_VERSION = "{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Components\":"
            + "[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\",\"Details\":{\"APIVersion\":\"4.3.1\"}},"
            + "{\"Name\":\"Conmon\",\"Version\":\"conmon version 2.1.6\"}],\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\"}";
    static final String DOCKER_VERSION = "{\"Platform\":{\"Name\":\"Docker Engine - Community\"},\"Components\":"
            + "[{\"Name\":\"Engine\",\"Version\":\"20.10.24\"},{\"Name\":\"containerd\",\"Version\":\"1.6.20\"}],"
            + "\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\"}";

    private static final Map<String, String> APP_LABELS = Map.of("slugbuilder", "true", "slugbuilder.app", "abc");

    @TempDir
    Path dir;

    @Test
    void podmanIsToldFromTheVersionsComponents() {
        assertTrue(DockerEngine.isPodman(PODMAN_VERSION.getBytes(StandardCharsets.UTF_8)));
        assertFalse(DockerEngine.isPodman(DOCKER_VERSION.getBytes(StandardCharsets.UTF_8)));
        assertFalse(DockerEngine.isPodman("{\"Version\":\"20.10.24\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void podmanIsNamedInTheEnginesDescription() throws Exception {
        try (FakeEngineSocket fake = fakeEngine("describe.sock", PODMAN_VERSION, line -> null)) {
            ContainerEngine engine = connect("describe.sock");
            assertTrue(engine.describe().endsWith(" (Podman 4.3.1)"), engine.describe());
            engine.close();
        }
    }

    @Test
    void podmanGetsOneLabelToListImagesByAndTheRestAreCheckedHere() throws Exception {
        String images = "[{\"Id\":\"sha256:1\",\"RepoTags\":[\"docker.io/slugbuilder/app-abc:start\"],"
                + "\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"abc\"}},"
                + "{\"Id\":\"sha256:2\",\"RepoTags\":[\"localhost/slugbuilder/app-abc:base-1\"],"
                + "\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"abc\"}},"
                + "{\"Id\":\"sha256:3\",\"RepoTags\":[\"docker.io/slugbuilder/other-def:start\"],"
                + "\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"def\"}}]";
        try (FakeEngineSocket fake = fakeEngine("images.sock", PODMAN_VERSION, line -> images)) {
            ContainerEngine engine = connect("images.sock");

            assertEquals(
                    List.of("slugbuilder/app-abc:start", "slugbuilder/app-abc:base-1"),
                    engine.images().list(APP_LABELS));

            assertEquals("GET /images/json?filters={\"label\":[\"slugbuilder=true\"]}", request(fake, 1));
            engine.close();
        }
    }

    @Test
    void dockerStillGetsEveryLabelAndItsFamiliarNamesStay() throws Exception {
        String images = "[{\"Id\":\"sha256:1\",\"RepoTags\":[\"slugbuilder/app-abc:start\"],"
                + "\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"abc\"}},"
                + "{\"Id\":\"sha256:2\",\"RepoTags\":[\"localhost/app:1\"],"
                + "\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"abc\"}}]";
        try (FakeEngineSocket fake = fakeEngine("docker-images.sock", DOCKER_VERSION, line -> images)) {
            ContainerEngine engine = connect("docker-images.sock");

            assertEquals(
                    List.of("slugbuilder/app-abc:start", "localhost/app:1"),
                    engine.images().list(APP_LABELS));

            assertEquals(
                    "GET /images/json?filters={\"label\":[\"slugbuilder=true\",\"slugbuilder.app=abc\"]}",
                    request(fake, 1));
            engine.close();
        }
    }

    @Test
    void aVolumeOfAnotherAppIsNeverListedAsThisAppsOnEitherEngine() throws Exception {
        // Podman 4.3 keeps a volume that carries ANY of the labels asked for
        String volumes =
                "{\"Volumes\":[{\"Name\":\"mine\",\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"abc\"}},"
                        + "{\"Name\":\"theirs\",\"Labels\":{\"slugbuilder\":\"true\",\"slugbuilder.app\":\"def\"}},"
                        + "{\"Name\":\"unlabelled\",\"Labels\":null}]}";
        for (String version : List.of(PODMAN_VERSION, DOCKER_VERSION)) {
            String socket = "volumes-" + DockerEngine.isPodman(version.getBytes(StandardCharsets.UTF_8)) + ".sock";
            try (FakeEngineSocket fake = fakeEngine(socket, version, line -> volumes)) {
                ContainerEngine engine = connect(socket);

                assertEquals(List.of("mine"), engine.networksAndVolumes().volumes(APP_LABELS));
                engine.close();
            }
        }
    }

    @Test
    void podmanPushesToARegistryOnLoopbackWithoutTlsAsDockerDoes() throws Exception {
        String pushed = "{\"status\":\"latest: digest: sha256:ab size: 898\"}\n";
        try (FakeEngineSocket fake = fakeEngine("push.sock", PODMAN_VERSION, line -> pushed)) {
            ContainerEngine engine = connect("push.sock");
            RegistryAuth auth = new RegistryAuth("127.0.0.1:5055", "_", "token");

            engine.registry().push("127.0.0.1:5055/app/web:latest", auth, event -> {});
            engine.registry().push("registry.heroku.com/app/web", auth, event -> {});

            assertEquals("POST /images/127.0.0.1:5055/app/web/push?tag=latest&tlsVerify=false", request(fake, 1));
            assertEquals("POST /images/registry.heroku.com/app/web/push?tag=latest", request(fake, 2));
            engine.close();
        }
        try (FakeEngineSocket fake = fakeEngine("docker-push.sock", DOCKER_VERSION, line -> pushed)) {
            ContainerEngine engine = connect("docker-push.sock");

            engine.registry()
                    .push("127.0.0.1:5055/app/web:latest", new RegistryAuth("127.0.0.1:5055", "_", "t"), event -> {});

            assertEquals("POST /images/127.0.0.1:5055/app/web/push?tag=latest", request(fake, 1));
            engine.close();
        }
    }

    @Test
    void podmanImportsARootFilesystemUnderItsTagWithOneChangePerLabel() throws Exception {
        String imported = "{\"status\":\"sha256:1\",\"id\":\"sha256:1\"}\n";
        for (String version : List.of(PODMAN_VERSION, DOCKER_VERSION)) {
            String socket = "import-" + DockerEngine.isPodman(version.getBytes(StandardCharsets.UTF_8)) + ".sock";
            try (FakeEngineSocket fake = fakeEngine(
                    socket, version, line -> line.startsWith("GET /images/") ? "{\"Id\":\"sha256:1\"}" : imported)) {
                ContainerEngine engine = connect(socket);

                assertEquals(
                        "sha256:1",
                        engine.images()
                                .importImage(
                                        new ByteArrayInputStream(new byte[1024]), "slugbuilder/stack", "bookworm"));

                assertEquals(
                        version.equals(PODMAN_VERSION)
                                ? "POST /images/create?fromSrc=-&repo=slugbuilder/stack:bookworm"
                                        + "&changes=LABEL slugbuilder=true&changes=LABEL slugbuilder.kind=stack"
                                : "POST /images/create?fromSrc=-&repo=slugbuilder/stack&tag=bookworm"
                                        + "&changes=LABEL slugbuilder=true slugbuilder.kind=stack",
                        request(fake, 1));
                assertEquals("GET /images/slugbuilder/stack:bookworm/json", request(fake, 2));
                engine.close();
            }
        }
    }

    @Test
    void podmansDefaultLimitsAboveTheMachinesAreNamedWithTheirFix() throws Exception {
        String refused = "{\"cause\":\"operation not permitted\",\"message\":\"runc: runc create failed: unable to"
                + " start container process: error during container init: error setting rlimits for ready process:"
                + " error setting rlimit type 7: operation not permitted: OCI permission denied\",\"response\":500}";
        for (String version : List.of(PODMAN_VERSION, DOCKER_VERSION)) {
            String socket = "rlimit-" + DockerEngine.isPodman(version.getBytes(StandardCharsets.UTF_8)) + ".sock";
            try (FakeEngineSocket fake = new FakeEngineSocket(
                    dir.resolve(socket),
                    line -> line.startsWith("GET /version")
                            ? FakeEngineSocket.answer(200, version)
                            : FakeEngineSocket.answer(500, refused))) {
                ContainerEngine engine = connect(socket);

                SlugbuilderException e = assertThrows(
                        SlugbuilderException.class, () -> engine.containers().start("0123456789abcdef"));

                assertEquals(ExitCode.ENGINE, e.exitCode());
                if (version.equals(PODMAN_VERSION)) {
                    assertEquals(
                            "failed to start the container 0123456789ab: Podman cannot start containers with its default"
                                    + " nofile limit on this machine: it exceeds what Podman's own process may set (runc:"
                                    + " runc create failed: unable to start container process: error during container"
                                    + " init: error setting rlimits for ready process: error setting rlimit type 7:"
                                    + " operation not permitted: OCI permission denied)",
                            e.getMessage());
                    assertTrue(e.hint().contains("default_ulimits = [\"nofile=N:N\", \"nproc=M:M\"]"), e.hint());
                } else {
                    assertFalse(e.getMessage().contains("Podman"), e.getMessage());
                }
                engine.close();
            }
        }
    }

    @Test
    void podmanWithoutItsInitBinaryIsNamedWithTheFix() throws Exception {
        String refused = "{\"cause\":\"no such file or directory\",\"message\":\"container-init binary not found on"
                + " the host: stat /usr/libexec/podman/catatonit: no such file or directory\",\"response\":500}";
        try (FakeEngineSocket fake = new FakeEngineSocket(
                dir.resolve("init.sock"),
                line -> line.startsWith("GET /version")
                        ? FakeEngineSocket.answer(200, PODMAN_VERSION)
                        : FakeEngineSocket.answer(500, refused))) {
            ContainerEngine engine = connect("init.sock");

            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> engine.containers()
                    .create(ContainerSpec.oneOff("app:start", List.of("true"), List.of(), Map.of())
                            .withRole("the web.1 container")));

            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertTrue(
                    e.getMessage()
                            .startsWith("failed to create the web.1 container: Podman's Docker-compatible API cannot"
                                    + " give the container an init process here: its init binary, catatonit, is not"
                                    + " installed (container-init binary not found on the host: "),
                    e.getMessage());
            assertEquals(
                    "install catatonit (apt-get install catatonit): slugbuilder runs every process under an init, so"
                            + " that Ctrl-C and stop reach it",
                    e.hint());
            engine.close();
        }
    }

    @Test
    void loopbackRegistriesAreTheOnesDockerTrustsWithoutTls() {
        assertTrue(DockerRegistry.onLoopback("127.0.0.1:5055/app/web:latest"));
        assertTrue(DockerRegistry.onLoopback("127.1.2.3/app/web"));
        assertTrue(DockerRegistry.onLoopback("localhost:5000/app/web"));
        assertTrue(DockerRegistry.onLoopback("[::1]:5000/app/web"));
        assertFalse(DockerRegistry.onLoopback("registry.heroku.com/app/web"));
        assertFalse(DockerRegistry.onLoopback("127.0.0.1.example.com/app/web"));
        assertFalse(DockerRegistry.onLoopback("app/web"));
    }

    /** A fake engine whose GET /version answers VERSION and every other request REPLY's body (200). */
    private FakeEngineSocket fakeEngine(String name, String version, Function<String, String> reply) throws Exception {
        return new FakeEngineSocket(
                dir.resolve(name),
                line -> line.startsWith("GET /version")
                        ? FakeEngineSocket.answer(200, version)
                        : FakeEngineSocket.answer(200, reply.apply(line)));
    }

    /** The engine at the fake socket NAME, as slugbuilder connects to it. */
    private ContainerEngine connect(String name) {
        String previous = System.getProperty("DOCKER_HOST");
        System.setProperty("DOCKER_HOST", "unix://" + dir.resolve(name));
        try {
            return DockerEngine.connect(Cleanup.registry(), note -> {});
        } finally {
            if (previous == null) {
                System.clearProperty("DOCKER_HOST");
            } else {
                System.setProperty("DOCKER_HOST", previous);
            }
        }
    }

    /** The request line of the INDEX-th request, its query decoded and its HTTP version left out. */
    private static String request(FakeEngineSocket fake, int index) {
        String line = fake.requests().get(index).line();
        return URLDecoder.decode(line.substring(0, line.lastIndexOf(' ')), StandardCharsets.UTF_8);
    }
}
