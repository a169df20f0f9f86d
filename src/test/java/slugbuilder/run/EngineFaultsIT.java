package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;

/** A build step that fails, through the packaged CLI: its output is shown, the exit code is 4, nothing is left. */
class EngineFaultsIT {
    @TempDir
    Path app;

    @Test
    void aFailingBuildStepShowsItsOutputAndLeavesNoContainer() throws Exception {
        Files.writeString(app.resolve("Procfile"), "web: sleep 100\n");
        Files.writeString(
                app.resolve("Dockerfile"),
                "FROM " + Engine.BUILD_STACK + "\n"
                        + "RUN useradd -m -d /app app\nUSER app\nWORKDIR /app\n"
                        + "ONBUILD RUN echo the-failing-step-says-hello && exit 9\n");
        try (ContainerEngine engine = Engine.connect()) {
            CliProcess start =
                    CliProcess.run(Duration.ofMinutes(3), "start", "--dir", app.toString(), "--port", "5397");
            assertEquals(125, start.exitCode(), "start's own failure: " + start.err());
            assertTrue(
                    start.err().contains("the-failing-step-says-hello"), "the step's output is shown: " + start.err());
            String error = start.err()
                    .lines()
                    .filter(l -> l.startsWith("error:"))
                    .findFirst()
                    .orElse("");
            assertTrue(error.contains("build failed") && error.contains("9"), error);
            assertEquals(
                    List.of(),
                    engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter()));
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        }
    }

    @Test
    void aDockerfileTheEngineCannotParseIsTheAppsFileWithItsLine() throws Exception {
        Files.writeString(app.resolve("Procfile"), "web: sleep 100\n");
        Files.writeString(
                app.resolve("Dockerfile"),
                "FROM " + Engine.BUILD_STACK + "\nRUN useradd -m -d /app app\nBOGUSINSTR here\n");
        try (ContainerEngine engine = Engine.connect()) {
            CliProcess start =
                    CliProcess.run(Duration.ofMinutes(3), "start", "--dir", app.toString(), "--port", "5396");
            assertEquals(125, start.exitCode(), "start's own failure: " + start.err());
            String error = start.err()
                    .lines()
                    .filter(l -> l.startsWith("error:"))
                    .findFirst()
                    .orElse("");
            assertEquals("error: Dockerfile:3: unknown instruction: BOGUSINSTR", error, start.err());
            // where no process's code passes through, the app's files have their own code
            CliProcess release = CliProcess.run(
                    Duration.ofMinutes(3),
                    "release",
                    "--dir",
                    app.toString(),
                    "--output",
                    app.resolveSibling(app.getFileName() + ".tgz").toString());
            assertEquals(3, release.exitCode(), release.err());
            assertEquals(
                    List.of(),
                    engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter()));
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        }
    }

    @Test
    void aStackImageThatCannotBePulledIsNamedWithTheWayOut() throws Exception {
        String absent = "slugbuilder-test/absent-stack:" + System.nanoTime();
        Files.writeString(app.resolve("Procfile"), "web: sleep 100\n");
        Files.writeString(app.resolve("Dockerfile"), "FROM " + absent + "\nRUN true\n");
        try {
            CliProcess start =
                    CliProcess.run(Duration.ofMinutes(3), "start", "--dir", app.toString(), "--port", "5395");
            assertEquals(125, start.exitCode(), "start's own failure: " + start.err());
            String error = start.err()
                    .lines()
                    .filter(l -> l.startsWith("error:"))
                    .findFirst()
                    .orElse("");
            assertTrue(
                    error.startsWith(
                            "error: failed to build the base image: the image " + absent + " is not in the engine"),
                    start.err());
            assertTrue(
                    start.err()
                            .contains(
                                    "hint: build a local stack with 'slugbuilder stack build', or name another with --stack"),
                    start.err());
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        }
    }

    /**
     * A second engine of its own (its own socket, data and state, and its own network namespace,
     * so its start and stop cannot touch the host's docker0 bridge), stopped mid-build; the
     * engine the other tests use is left alone.
     */
    @Test
    void theEngineStoppingMidBuildIsOneClearError(@TempDir Path engineHome) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/dockerd")) && "root".equals(System.getProperty("user.name")),
                "a second engine needs dockerd and root");
        Path socket = engineHome.resolve("docker.sock");
        Process dockerd = new ProcessBuilder(
                        "unshare",
                        "--net",
                        "/usr/sbin/dockerd",
                        "--data-root",
                        engineHome.resolve("data").toString(),
                        "--exec-root",
                        engineHome.resolve("exec").toString(),
                        "--pidfile",
                        engineHome.resolve("pid").toString(),
                        "-H",
                        "unix://" + socket,
                        "--bridge=none",
                        "--iptables=false",
                        "--ip-masq=false")
                .redirectErrorStream(true)
                .redirectOutput(engineHome.resolve("dockerd.log").toFile())
                .start();
        try {
            awaitSocket(socket);
            Process load = new ProcessBuilder(
                            "sh",
                            "-c",
                            "docker save " + Engine.STACK + " | DOCKER_HOST=unix://" + socket + " docker load")
                    .redirectErrorStream(true)
                    .start();
            load.getInputStream().readAllBytes();
            assertEquals(0, load.waitFor(), "the stack image loads into the second engine");
            Files.writeString(app.resolve("Procfile"), "web: sleep 100\n");
            Files.writeString(
                    app.resolve("Dockerfile"), "FROM " + Engine.STACK + "\nRUN echo long-step-started && sleep 120\n");

            CliProcess start = CliProcess.start(
                    Map.of("DOCKER_HOST", "unix://" + socket),
                    "start",
                    "--dir",
                    app.toString(),
                    "--port",
                    "5398",
                    "--build-network",
                    "none");
            start.awaitOutput("long-step-started", Duration.ofMinutes(2));
            new ProcessBuilder("kill", "-TERM", Long.toString(pidOf(engineHome.resolve("pid"))))
                    .start()
                    .waitFor();
            int code = start.waitFor(Duration.ofMinutes(2));
            assertEquals(125, code, "start's own failure: " + start.err());
            String error = start.err()
                    .lines()
                    .filter(l -> l.startsWith("error:"))
                    .findFirst()
                    .orElse("");
            assertTrue(
                    !error.isEmpty() && !start.err().contains("\tat "),
                    "one error line, no stack trace: " + start.err());
        } finally {
            dockerd.destroy();
            dockerd.waitFor();
            new ProcessBuilder(
                            "sh",
                            "-c",
                            "umount -R " + engineHome.resolve("data") + " " + engineHome.resolve("exec")
                                    + " 2>/dev/null; true")
                    .start()
                    .waitFor();
        }
    }

    private static long pidOf(Path pidfile) throws IOException {
        return Long.parseLong(Files.readString(pidfile).strip());
    }

    private static void awaitSocket(Path socket) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(socket), "the second engine started");
    }
}
