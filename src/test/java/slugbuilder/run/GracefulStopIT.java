package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.NodeMirror;

/**
 * Issue 20's defect on the real engine: a node app run as Heroku runs one without a Procfile,
 * {@code npm start} (npm, then sh, then node), whose SIGTERM handler takes two seconds to shut
 * down. Ctrl-C and {@code stop} both let the handler finish (SIGTERM reaches node, not only
 * npm, and the dyno ends when node does), and the stop still completes well inside the grace.
 */
class GracefulStopIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final String SERVER = """
            const fs = require('fs');
            const server = require('http').createServer((req, res) => res.end('ok\\n'));
            server.listen(process.env.PORT);
            process.on('SIGTERM', () => {
              console.log('SIGTERM reached node');
              setTimeout(() => {
                console.log('graceful shutdown done');
                fs.appendFileSync('/app/src/shutdown.log', 'graceful shutdown done\\n');
                process.exit(0);
              }, 2000);
            });
            """;

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static int port;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Files.createDirectory(scratch.resolve("graceful"));
        Files.writeString(
                app.resolve("package.json"),
                "{\"name\": \"graceful\", \"version\": \"1.0.0\", \"private\": true,"
                        + " \"scripts\": {\"start\": \"node server.js\"}, \"engines\": {\"node\": \"^20\"}}\n");
        Files.writeString(app.resolve("server.js"), SERVER);
        // the handler writes its line into the mounted app directory, as the image's user
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxrwxrwx"));
        identity = AppIdentity.of(AppDir.open(app));
        Fixtures.init(app);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static String[] start(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "start",
                "--dir",
                app.toString(),
                "--mount",
                "--port",
                Integer.toString(port),
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String shutdownLog() throws IOException {
        Path log = app.resolve("shutdown.log");
        String text = Files.exists(log) ? Files.readString(log) : "";
        Files.deleteIfExists(log);
        return text;
    }

    @Test
    void ctrlCLetsNodeUnderNpmFinishItsSigtermHandler() throws IOException {
        CliProcess start = CliProcess.start(start());
        start.awaitOutput("web process will be available", BUILD);
        assertTrue(start.err().contains("web runs node's default 'npm start'"), start.err());
        long signalled = System.nanoTime();
        start.signal("INT");
        assertEquals(130, start.waitFor(Duration.ofMinutes(1)), start.err());
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);

        assertTrue(start.err().contains("SIGTERM reached node"), start.err());
        assertTrue(start.err().contains("graceful shutdown done"), "node's last words are shown:\n" + start.err());
        assertEquals("graceful shutdown done\n", shutdownLog());
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "the dyno ended with node, not at SIGKILL: " + took);
        Interrupts.assertOneInterruptedLine(start.err());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
    }

    @Test
    void stopLetsNodeUnderNpmFinishItsSigtermHandler() throws IOException {
        CliProcess start = CliProcess.run(BUILD, start("--detach"));
        assertEquals(0, start.exitCode(), start.err());

        long stopping = System.nanoTime();
        CliProcess stop = CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);
        assertEquals(0, stop.exitCode(), stop.err());

        assertEquals("graceful shutdown done\n", shutdownLog(), "node's handler ran to its end");
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "stop waited for node, not for SIGKILL: " + took);
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
    }
}
