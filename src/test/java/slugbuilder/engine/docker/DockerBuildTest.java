package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;

class DockerBuildTest {
    private static DockerBuild build(Path socket) {
        return new DockerBuild(
                new EngineHttp(new UnixSocketHttp(socket), new EngineErrors("unix://" + socket, () -> false)),
                Cleanup.registry(),
                id -> {});
    }

    private static final BuildContext NO_CONTEXT = out -> {};

    private static String read(String messages, List<String> lines) throws IOException {
        return DockerBuild.read(new ByteArrayInputStream(messages.getBytes(StandardCharsets.UTF_8)), lines::add);
    }

    @Test
    void theQueryCarriesWhatDockerJavasBuildSent() {
        // one label: BuildRequest keeps its maps with Map.copyOf, whose order changes from run to run
        Map<String, String> labels = Map.of("slugbuilder.app", "78dc62");
        BuildRequest request = new BuildRequest(
                        NO_CONTEXT,
                        "Dockerfile.slugbuilder-start",
                        List.of("slugbuilder/app-78dc62:start"),
                        Map.of("NODE_MIRROR", "http://127.0.0.1:5999/a b"),
                        labels,
                        "host")
                .withPlatform("linux/amd64");
        assertEquals(
                "/build?rm=true&forcerm=true&dockerfile=Dockerfile.slugbuilder-start&t=slugbuilder%2Fapp-78dc62%3Astart"
                        + "&buildargs=%7B%22NODE_MIRROR%22%3A%22http%3A%2F%2F127.0.0.1%3A5999%2Fa+b%22%7D"
                        + "&labels=%7B%22slugbuilder.app%22%3A%2278dc62%22%7D"
                        + "&networkmode=host&platform=linux%2Famd64",
                DockerBuild.path(request));
        assertEquals(
                "/build?rm=true&forcerm=true",
                DockerBuild.path(new BuildRequest(NO_CONTEXT, "Dockerfile", List.of(), Map.of(), Map.of())));
    }

    @Test
    void streamTextBecomesLinesAndTheIdComesFromSuccessfullyBuilt() throws IOException {
        List<String> lines = new ArrayList<>();
        String id = read(
                "{\"stream\":\"Step 1/2 : FROM base\\n\"}\r\n{\"stream\":\" ---\\u003e 1a2b\\n\"}\r\n"
                        + "{\"stream\":\"Step 2/2 : RUN echo hi\"}{\"stream\":\"\\n\"}\n"
                        + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1}}\n"
                        + "{\"stream\":\"half a line\"}"
                        + "{\"aux\":{\"ID\":\"sha256:54a2f8c4a2f6aa\"}}\n"
                        + "{\"stream\":\"Successfully built 54a2f8c4a2f6\\n\"}\n"
                        + "{\"stream\":\"Successfully tagged app:start\\n\"}\n",
                lines);
        assertEquals("54a2f8c4a2f6", id);
        assertEquals(
                List.of(
                        "Step 1/2 : FROM base",
                        " ---> 1a2b",
                        "Step 2/2 : RUN echo hi",
                        "half a lineSuccessfully built 54a2f8c4a2f6",
                        "Successfully tagged app:start"),
                lines);
    }

    @Test
    void anErrorMessageFailsTheBuildWithTheEnginesWords() {
        List<String> lines = new ArrayList<>();
        BuildFailedException failed = assertThrows(
                BuildFailedException.class,
                () -> read(
                        "{\"stream\":\"Step 1/1 : RUN false\\n\"}\n"
                                + "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"},"
                                + "\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\n",
                        lines));
        assertEquals("build failed: The command '/bin/sh -c false' returned a non-zero code: 1", failed.getMessage());
        assertEquals(List.of("Step 1/1 : RUN false"), lines);

        BuildFailedException detailOnly = assertThrows(
                BuildFailedException.class,
                () -> read("{\"errorDetail\":{\"message\":\"no space left on device\"}}", new ArrayList<>()));
        assertEquals("build failed: no space left on device", detailOnly.getMessage());
    }

    @Test
    void anEndWithoutAnImageIsAFailure() {
        BuildFailedException failed = assertThrows(
                BuildFailedException.class, () -> read("{\"stream\":\"Step 1/3 : FROM base\\n\"}", new ArrayList<>()));
        assertEquals("build failed: the engine's reply ended without an image", failed.getMessage());
    }

    @TempDir
    Path dir;

    private static byte[] chunkedMessages(String messages) {
        byte[] bytes = messages.getBytes(StandardCharsets.UTF_8);
        return FakeEngineSocket.concat(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                bytes,
                "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBuildSendsItsContextAndReadsTheEnginesMessages() throws Exception {
        Path socket = dir.resolve("engine.sock");
        byte[] context = "a tar, as far as this test cares".getBytes(StandardCharsets.UTF_8);
        try (FakeEngineSocket engine = new FakeEngineSocket(
                socket,
                line -> chunkedMessages("{\"stream\":\"Step 1/1 : FROM base\\n\"}\r\n"
                        + "{\"stream\":\"Successfully built 54a2f8c4a2f6\\n\"}\r\n"))) {
            List<String> lines = new ArrayList<>();
            String id = build(socket)
                    .build(
                            new BuildRequest(
                                    out -> out.write(context), "Dockerfile", List.of("app:start"), Map.of(), Map.of()),
                            lines::add);
            assertEquals("54a2f8c4a2f6", id);
            assertEquals(List.of("Step 1/1 : FROM base", "Successfully built 54a2f8c4a2f6"), lines);
            assertEquals(
                    "POST /build?rm=true&forcerm=true&t=app%3Astart HTTP/1.1",
                    engine.requests().get(0).line());
            assertArrayEquals(context, engine.requests().get(0).body());
        }
    }

    @Test
    void aRefusalIsWordedForTheDockerfile() throws Exception {
        Path socket = dir.resolve("refusing.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(
                socket,
                line -> FakeEngineSocket.answer(
                        500, "{\"message\":\"Cannot locate specified Dockerfile: Dockerfile.x\"}\n"))) {
            SlugbuilderException refused = assertThrows(SlugbuilderException.class, () -> build(socket)
                    .build(new BuildRequest(out -> {}, "Dockerfile.x", List.of(), Map.of(), Map.of()), line -> {}));
            assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
            assertTrue(refused.getMessage().startsWith("Dockerfile.x: "), refused.getMessage());
            assertTrue(
                    refused.getMessage().contains("Cannot locate specified Dockerfile: Dockerfile.x"),
                    refused.getMessage());
        }
    }

    @Test
    void aBuildThatFailsAtItsFromStepNamesTheImageThatCouldNotBePulled() throws Exception {
        Path socket = dir.resolve("from.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(
                socket,
                line -> chunkedMessages("{\"stream\":\"Step 1/4 : FROM heroku/heroku:24-build\\n\"}\r\n"
                        + "{\"errorDetail\":{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: "
                        + "lookup registry-1.docker.io: no such host\"}}\r\n"))) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> build(socket)
                    .build(
                            new BuildRequest(out -> {}, "Dockerfile", List.of("app:base"), Map.of(), Map.of())
                                    .withPurpose("the base image"),
                            line -> {}));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertEquals(
                    "failed to build the base image: the image heroku/heroku:24-build is not in the engine and cannot be pulled: "
                            + "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host",
                    e.getMessage());
            assertEquals(EngineErrors.STACK_HINT, e.hint());
        }
    }

    @Test
    void podmansFromStepNamesTheImageThatCouldNotBePulledToo() throws Exception {
        Path socket = dir.resolve("podman-from.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(
                socket,
                line -> chunkedMessages("{\"stream\":\"STEP 1/2: FROM slugbuilder/absent:1\\n\"}\r\n"
                        + "{\"stream\":\"Trying to pull docker.io/slugbuilder/absent:1...\\n\"}\r\n"
                        + "{\"errorDetail\":{\"message\":\"creating build container: initializing source"
                        + " docker://slugbuilder/absent:1: pinging container registry registry-1.docker.io: dial tcp:"
                        + " lookup registry-1.docker.io: no such host\\n\"}}\r\n"))) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> build(socket)
                    .build(
                            new BuildRequest(out -> {}, "Dockerfile", List.of("app:base"), Map.of(), Map.of())
                                    .withPurpose("the base image"),
                            line -> {}));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertTrue(
                    e.getMessage()
                            .startsWith("failed to build the base image: the image slugbuilder/absent:1 is not in the"
                                    + " engine and cannot be pulled: creating build container: "),
                    e.getMessage());
        }
    }

    @Test
    void aContextFileThatVanishesIsTheAppsProblemNotTheEngines() throws Exception {
        Path socket = dir.resolve("vanish.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(socket, line -> FakeEngineSocket.answer(200, ""))) {
            SlugbuilderException failed = assertThrows(SlugbuilderException.class, () -> build(socket)
                    .build(
                            new BuildRequest(
                                    out -> {
                                        throw new NoSuchFileException("/app/tmp/cache.lock");
                                    },
                                    "Dockerfile",
                                    List.of(),
                                    Map.of(),
                                    Map.of()),
                            line -> {}));
            assertEquals(ExitCode.BAD_INPUT, failed.exitCode());
            assertEquals(
                    "cannot send the build context: /app/tmp/cache.lock was removed meanwhile", failed.getMessage());
        }
    }
}
