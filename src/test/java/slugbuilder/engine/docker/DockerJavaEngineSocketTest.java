package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ImageInfo;

/** DockerJavaEngine's requests over a unix socket, against a fake engine: what it reads of the replies, and what close() ends. */
class DockerJavaEngineSocketTest {
    @TempDir
    Path dir;

    @Test
    void anImagesInspectionBecomesItsImageInfo() {
        ImageInfo full = DockerJavaEngine.imageInfo(
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
                DockerJavaEngine.imageInfo("{\"Id\":\"sha256:cd\",\"Config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(none.healthcheck(), "HEALTHCHECK NONE switches the check off");
        assertEquals(
                new ImageInfo("sha256:ef", "", List.of(), Map.of()),
                DockerJavaEngine.imageInfo("{\"Id\":\"sha256:ef\",\"Config\":null}".getBytes(StandardCharsets.UTF_8)));
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
            ContainerEngine engine = DockerJavaEngine.connect(Cleanup.registry());
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> following = CompletableFuture.runAsync(() -> engine.followLogs("abc", lines::add));
            while (lines.isEmpty()) {
                Thread.sleep(10); // the line arrives while the stream stays open
            }
            assertEquals(List.of("listening on 5406"), lines);
            assertFalse(following.isDone());
            engine.close();
            following.get(5, TimeUnit.SECONDS);
            assertTrue(
                    fake.requests().get(2).line().startsWith("GET /containers/abc/logs?follow=1&stdout=1&stderr=1 "));
        } finally {
            if (previous == null) {
                System.clearProperty("DOCKER_HOST");
            } else {
                System.setProperty("DOCKER_HOST", previous);
            }
        }
    }
}
