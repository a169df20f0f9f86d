package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.ImageInfo;

/** DockerEngine's requests over a unix socket, against a fake engine: what it reads of the replies, and what close() ends. */
class DockerEngineSocketTest {
    private static EngineHttp http(Path socket) {
        return new EngineHttp(new UnixSocketHttp(socket), new EngineErrors("unix://" + socket, () -> false));
    }

    @Test
    void aContainerIsNamedByItsRoleInEveryLaterCall() throws Exception {
        Path socket = dir.resolve("roles.sock");
        try (FakeEngineSocket fake = new FakeEngineSocket(socket, line -> {
            if (line.startsWith("POST /containers/create")) {
                return FakeEngineSocket.answer(201, "{\"Id\":\"0123456789abcdef0123\"}");
            }
            return FakeEngineSocket.answer(
                    500, "{\"message\":\"OCI runtime create failed: exec: \\\"bash\\\": not found\"}");
        })) {
            DockerContainers containers = new DockerContainers(http(socket));
            String id = containers.create(ContainerSpec.oneOff("app:start", List.of("true"), List.of(), Map.of())
                    .withRole("the web.1 container"));

            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> containers.start(id));

            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertEquals(
                    "failed to start the web.1 container: OCI runtime create failed: exec: \"bash\": not found",
                    e.getMessage());
            SlugbuilderException other =
                    assertThrows(SlugbuilderException.class, () -> containers.start("fedcba9876543210"));
            assertTrue(
                    other.getMessage().startsWith("failed to start the container fedcba987654: "), other.getMessage());
        }
    }

    @Test
    void absentThingsAreAbsentNotFailures() throws Exception {
        Path socket = dir.resolve("absent.sock");
        try (FakeEngineSocket fake = new FakeEngineSocket(
                socket, line -> FakeEngineSocket.answer(404, "{\"message\":\"No such object\"}"))) {
            EngineHttp http = http(socket);
            assertEquals(Optional.empty(), new DockerImages(http, null).imageId("app:none"));
            assertFalse(new DockerContainers(http).isRunning("abc"));
            assertEquals(List.of(), new DockerContainers(http).logs("abc"));
            new DockerContainers(http).remove("abc");
            assertTrue(new DockerImages(http, null).remove("app:none"));
            assertEquals(Optional.empty(), new DockerNetworksAndVolumes(http).volume("v"));
            SlugbuilderException inspect =
                    assertThrows(SlugbuilderException.class, () -> new DockerImages(http, null).inspect("app:none"));
            assertEquals("failed to inspect the image app:none: No such object", inspect.getMessage());
        }
    }

    @Test
    void pathsKeepReferencesAsTheCliSendsThem() {
        assertEquals("registry:5000/a/b:1.0@sha256:ab", EngineHttp.pathOf("registry:5000/a/b:1.0@sha256:ab"));
        assertEquals("a%20b%3F", EngineHttp.pathOf("a b?"));
    }

    @TempDir
    Path dir;

    @Test
    void anImagesInspectionBecomesItsImageInfo() {
        ImageInfo full = DockerImages.imageInfo(
                ("{\"Id\":\"sha256:ab\",\"Config\":{\"User\":\"app\",\"Cmd\":[\"node\",\"index.js\"],"
                                + "\"Entrypoint\":null,\"OnBuild\":[\"COPY . /app\"],\"Labels\":{\"slugbuilder.kind\":\"base\"},"
                                + "\"ExposedPorts\":{\"8080/tcp\":{},\"5000/tcp\":{}},\"Volumes\":{\"/data\":{}},"
                                + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                new ImageInfo(
                        "sha256:ab",
                        "app",
                        List.of("COPY . /app"),
                        Map.of("slugbuilder.kind", "base"),
                        List.of("node", "index.js"),
                        List.of(),
                        List.of("5000/tcp", "8080/tcp"),
                        List.of("/data"),
                        true),
                full);
        ImageInfo none =
                DockerImages.imageInfo("{\"Id\":\"sha256:cd\",\"Config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(none.healthcheck(), "HEALTHCHECK NONE switches the check off");
        assertEquals(
                new ImageInfo("sha256:ef", "", List.of(), Map.of()),
                DockerImages.imageInfo("{\"Id\":\"sha256:ef\",\"Config\":null}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Timeout(20)
    void closingTheEngineEndsTheLogsStillFollowed() throws Exception {
        Path socket = dir.resolve("engine.sock");
        byte[] frame = {1, 0, 0, 0, 0, 0, 0, 18};
        byte[] logs = FakeEngineSocket.concat(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\n".getBytes(StandardCharsets.US_ASCII),
                frame,
                "listening on 5406\n\r\n".getBytes(StandardCharsets.US_ASCII)); // and then nothing: the process runs on
        String previous = System.getProperty("DOCKER_HOST");
        try (FakeEngineSocket fake = new FakeEngineSocket(socket, line -> {
            if (line.startsWith("GET /version")) {
                return FakeEngineSocket.answer(200, "{\"Version\":\"20.10.24\"}");
            }
            if (line.startsWith("GET /containers/abc/json")) {
                return FakeEngineSocket.answer(200, "{\"Id\":\"abc\",\"Config\":{\"Tty\":false}}");
            }
            return logs;
        })) {
            System.setProperty("DOCKER_HOST", "unix://" + socket);
            ContainerEngine engine = DockerEngine.connect(Cleanup.registry(), note -> {});
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> following =
                    CompletableFuture.runAsync(() -> engine.containers().followLogs("abc", lines::add));
            while (lines.isEmpty()) {
                Thread.sleep(10); // the line arrives while the stream stays open
            }
            assertEquals(List.of("listening on 5406"), lines);
            assertFalse(following.isDone());
            engine.close();
            following.get(5, TimeUnit.SECONDS);
            assertTrue(
                    fake.requests().get(2).line().startsWith("GET /containers/abc/logs?stdout=1&stderr=1&follow=1 "));
        } finally {
            if (previous == null) {
                System.clearProperty("DOCKER_HOST");
            } else {
                System.setProperty("DOCKER_HOST", previous);
            }
        }
    }
}
