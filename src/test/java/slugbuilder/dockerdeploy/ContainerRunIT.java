package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Interrupts;

/**
 * container run through the packaged CLI on the real engine: a root image runs as an
 * unprivileged uid and answers on the URL it prints; Ctrl-C leaves nothing; the instructions the
 * runtime ignores are warned about by line and the process's exit code passes through; a web
 * process that listens on its EXPOSE port instead of $PORT is a clear error that leaves nothing.
 */
class ContainerRunIT {
    private static final Duration RUN = Duration.ofMinutes(4);

    /** A one-connection-at-a-time HTTP server in the stack's perl: the port is the argument, else $PORT. */
    private static final String SERVER = String.join(
            "\n",
            "use IO::Socket::INET;",
            "my $port = $ARGV[0] || $ENV{PORT};",
            "my $s = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => $port, Listen => 5, ReuseAddr => 1)",
            "    or die \"listen: $!\";",
            "$| = 1;",
            "print \"listening on $port as uid $<\\n\";",
            "while (my $c = $s->accept) {",
            "    while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/; }",
            "    print $c \"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nuid=$< port=$port\\n\";",
            "    close $c;",
            "}",
            "");

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static final List<Path> apps = new ArrayList<>();

    @BeforeAll
    static void connect() {
        engine = Engine.connect();
    }

    @AfterAll
    static void cleanUp() {
        for (Path app : apps) {
            Map<String, String> labels = AppIdentity.of(AppDir.open(app)).appFilter();
            engine.containers().list(labels).forEach(engine.containers()::remove);
            engine.images().list(labels).forEach(engine.images()::remove);
        }
        engine.close();
    }

    private static Path app(String name, Map<String, String> files) throws IOException {
        Path app = Files.createDirectories(scratch.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(app.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        apps.add(app);
        return app;
    }

    private static List<String> leftContainers(Path app) {
        return engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter());
    }

    @Test
    void aRootImageRunsUnprivilegedAnswersOnThePrintedUrlAndCtrlCLeavesNothing() throws Exception {
        Path app = app(
                "root-web",
                Map.of(
                        "Dockerfile.web",
                        "FROM " + Engine.STACK
                                + "\nUSER root\nCOPY server.pl /srv/server.pl\nCMD perl /srv/server.pl\n",
                        "server.pl",
                        SERVER,
                        ".env",
                        "GREETING=hello\n"));
        int port = 5161;
        CliProcess cli =
                CliProcess.start("container", "run", "web", "--dir", app.toString(), "--port", Integer.toString(port));
        String url = "http://127.0.0.1:" + port + "/";
        cli.awaitOutput("web process will be available at " + url, RUN);

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("uid=65534 port=" + port + "\n", answer.body(), "as nobody, on $PORT");
        assertTrue(
                cli.err()
                        .contains("note: the web image runs as USER root; Heroku never runs a dyno as root, so this"
                                + " runs as the unprivileged uid 65534:65534"),
                cli.err());
        cli.awaitOutput("web.1   | listening on " + port + " as uid 65534", RUN);

        cli.signal("INT");
        assertEquals(ExitCode.INTERRUPTED.code, cli.waitFor(RUN), cli.err());
        Interrupts.assertOneInterruptedLine(cli.err());
        assertEquals(List.of(), leftContainers(app));
    }

    @Test
    void ignoredInstructionsAreWarnedAboutByLineAndTheExitCodePassesThrough() throws IOException {
        Path app = app(
                "ignored",
                Map.of(
                        "Dockerfile.worker",
                        "FROM " + Engine.STACK + "\nVOLUME /data\nHEALTHCHECK CMD true\nUSER dyno\n"
                                + "CMD echo \"worker on $PORT as $(id -u) with $GREETING\"; exit 4\n"));
        CliProcess cli = CliProcess.run(
                RUN, "container", "run", "worker", "--dir", app.toString(), "--port", "5162", "--env", "GREETING=hi");

        assertEquals(4, cli.exitCode(), cli.err());
        String err = cli.err();
        assertTrue(err.contains("warning: Dockerfile.worker:2: VOLUME /data is ignored: "), err);
        assertTrue(err.contains("warning: Dockerfile.worker:3: HEALTHCHECK CMD true is ignored: "), err);
        assertTrue(err.contains("worker.1 | worker on 5162 as 1000 with hi"), "USER dyno is kept: " + err);
        assertTrue(err.contains("==> worker.1 exited with code 4"), err);
        assertEquals(List.of(), leftContainers(app));
    }

    @Test
    void herokuYmlsTargetBuildsThatStageNotTheLast() throws IOException {
        Path app = app(
                "target",
                Map.of(
                        "Dockerfile.worker",
                        "FROM " + Engine.STACK + " AS first\nUSER dyno\nCMD echo \"stage first\"; exit 5\n" + "FROM "
                                + Engine.STACK + " AS second\nUSER dyno\nCMD echo \"stage second\"; exit 6\n",
                        "heroku.yml",
                        "build:\n  docker:\n    worker:\n      dockerfile: Dockerfile.worker\n      target: first\n"));

        CliProcess cli = CliProcess.run(RUN, "container", "run", "worker", "--dir", app.toString(), "--port", "5166");

        assertEquals(5, cli.exitCode(), cli.err());
        assertTrue(cli.err().contains("| stage first"), cli.err());
        assertEquals(List.of(), leftContainers(app));
    }

    @Test
    void aDockerfileWithoutCmdIsWarnedThatItRunsTheStacksShell() throws IOException {
        Path app = app("no-cmd", Map.of("Dockerfile.worker", "FROM " + Engine.STACK + "\nRUN true\nUSER dyno\n"));

        CliProcess cli = CliProcess.run(RUN, "container", "run", "worker", "--dir", app.toString(), "--port", "5164");

        assertEquals(0, cli.exitCode(), "bash without a terminal ends at once: " + cli.err());
        assertTrue(
                cli.err()
                        .contains("warning: Dockerfile.worker sets no CMD of its own: the worker image runs"
                                + " \"/bin/bash\", inherited from " + Engine.STACK + ", a shell that exits at once on"
                                + " a dyno (no terminal); add a CMD line, e.g. CMD [\"./bin/worker\"]"),
                cli.err());
        assertEquals(List.of(), leftContainers(app));
    }

    @Test
    void appJsonsAddOnsRunBesideTheProcessAndAreGoneAfterIt() throws IOException {
        Path app = app(
                "with-addons",
                Map.of(
                        "app.json",
                        "{\"addons\": [\"heroku-redis\"]}\n",
                        "Dockerfile.worker",
                        "FROM " + Engine.STACK + "\nUSER dyno\n"
                                + "CMD h=${REDIS_URL#*@}; bash -c \"exec 3<>/dev/tcp/${h%:*}/${h#*:}\" && echo \"reached $h\"\n"));
        Map<String, String> env = Map.of(ChosenAddonImages.ENVIRONMENT, "redis=" + Engine.STACK + "-redis");
        try {
            CliProcess cli =
                    CliProcess.run(RUN, env, "container", "run", "worker", "--dir", app.toString(), "--port", "5165");

            assertEquals(0, cli.exitCode(), cli.err());
            assertTrue(cli.err().contains("worker.1 | reached redis:6380"), "REDIS_URL (TLS) answers: " + cli.err());
            assertEquals(List.of(), leftContainers(app), "the service stops with the process");
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--volumes", "--dir", app.toString());
        }
    }

    @Test
    void aWebProcessOnItsExposePortInsteadOfPortIsAClearErrorThatLeavesNothing() throws IOException {
        Path app = app(
                "fixed-port",
                Map.of(
                        "Dockerfile",
                        "FROM " + Engine.STACK + "\nCOPY server.pl /srv/server.pl\nUSER dyno\nEXPOSE 8080\n"
                                + "CMD [\"perl\", \"/srv/server.pl\", \"8080\"]\n",
                        "server.pl",
                        SERVER));
        CliProcess cli = CliProcess.run(RUN, "container", "run", "--dir", app.toString(), "--port", "5163");

        assertEquals(ExitCode.PROCESS_PASS_THROUGH_FAILURE.code, cli.exitCode(), cli.err());
        String err = cli.err();
        assertTrue(err.contains("warning: the web image EXPOSEs 8080, which Heroku's runtime ignores"), err);
        assertTrue(err.contains("web.1   | listening on 8080"), err);
        assertTrue(
                err.contains("error: web.1 did not answer on $PORT=5163 within 60 s; it was stopped and removed"), err);
        assertTrue(err.contains("hint: it must listen on $PORT, not its EXPOSE port (8080)"), err);
        assertEquals(List.of(), leftContainers(app));
    }
}
