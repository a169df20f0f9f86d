package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.support.FakePlatformScript;

/**
 * {@code exec --heroku-config} through the real command line, against scripts/fake-platform.py and
 * the fake engine: the app's config vars reach the process (add-ons' left out), .env and --env win,
 * nothing is written to the app directory, and no value is printed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HerokuConfigCliTest {
    private static Process server;
    private static int port;

    @TempDir
    Path app;

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startPlatform() throws Exception {
        port = FakePlatformScript.freePort();
        server = FakePlatformScript.start(port, Map.of(), null);
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    private int run(String... args) {
        Wiring wiring = Wiring.system()
                .withEngines((cleanup, notes) -> engine)
                .withEnv(Map.of(
                        "HEROKU_API_KEY",
                        "HRKU-cli-t0ken-0123456789",
                        ApiOptions.API_URL_ENV,
                        "http://127.0.0.1:" + port,
                        "HOME",
                        app.toString()));
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring, args)
                .execute(args);
    }

    private void minimalApp(String dotenv) throws IOException {
        Files.writeString(app.resolve("package.json"), "{\"name\":\"x\",\"version\":\"1.0.0\"}\n");
        Files.writeString(app.resolve("Procfile"), "web: node index.js\n");
        Files.writeString(app.resolve(".env"), dotenv);
        assertEquals(0, run("init", app.toString()), err.toString());
        err.getBuffer().setLength(0);
    }

    @Test
    void theAppsVarsReachTheProcessUnderDotEnvAndEnv() throws Exception {
        minimalApp("SPACED=from-dotenv\n");
        engine.exitOnStart(spec -> true, 0);
        int code = run(
                "exec",
                "--dir",
                app.toString(),
                "--heroku-config",
                "-a",
                "demo-app",
                "--env",
                "EMPTY=from-env",
                "true");

        List<String> env = engine.createdSpecs().stream()
                .map(ContainerSpec::env)
                .filter(e -> e.stream().anyMatch(v -> v.startsWith("SECRET_KEY=")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container got the app's vars; exit " + code + "\n" + err));
        assertTrue(env.contains("SECRET_KEY=s3cr3t-\"quoted\" 'single' $HOME #hash \\back\\slash"), env.toString());
        assertTrue(env.contains("MULTI_LINE=-----BEGIN KEY-----\nabc\n-----END KEY-----\n"), env.toString());
        assertTrue(env.contains("SPACED=from-dotenv"), ".env wins: " + env);
        assertTrue(env.contains("EMPTY=from-env"), "--env wins: " + env);
        assertFalse(env.stream().anyMatch(v -> v.startsWith("DATABASE_URL=postgres://u:p@ec2")), env.toString());
        assertTrue(err.toString().contains("took 5 config vars of demo-app from Heroku"), err.toString());
        assertFalse((out + "" + err).contains("s3cr3t"), err.toString());
        try (Stream<Path> files = Files.list(app)) {
            assertEquals(
                    List.of(".dockerignore", ".env", "Dockerfile", "Procfile", "package.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "nothing written to the app directory");
        }
    }

    @Test
    void anUnknownAppExits5BeforeTheEngineIsUsed() throws Exception {
        minimalApp("");
        int code = run("exec", "--dir", app.toString(), "--heroku-config", "-a", "missing-app", "true");

        assertEquals(125, code, "slugbuilder's own failure, as exec reports it: " + err);
        assertTrue(
                err.toString().startsWith("error: reading the config vars of missing-app failed: 404 not_found"),
                err.toString());
        assertEquals(List.of(), engine.calls());
    }

    @Test
    void itsOptionsNeedIt() throws Exception {
        minimalApp("");
        int code = run("start", "--dir", app.toString(), "--include-addon-vars");

        assertEquals(125, code, "slugbuilder's own failure, as start reports it: " + err);
        assertEquals(
                "error: --include-addon-vars does nothing without --heroku-config",
                err.toString().lines().findFirst().orElse(""));
    }

    @Test
    void theTestDynosGetTheAppsVarsUnderDotEnv() throws Exception {
        minimalApp("SPACED=from-dotenv\n");
        Files.writeString(
                app.resolve("app.json"), "{\"environments\": {\"test\": {\"scripts\": {\"test\": \"true\"}}}}");
        engine.exitOnStart(spec -> true, 0);
        int code = run("test", "--dir", app.toString(), "--heroku-config", "-a", "demo-app");

        assertEquals(0, code, err.toString());
        List<String> env = engine.createdSpecs().stream()
                .filter(spec -> "test".equals(spec.labels().get("slugbuilder.kind")))
                .map(ContainerSpec::env)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test dyno: " + err));
        assertTrue(env.contains("SECRET_KEY=s3cr3t-\"quoted\" 'single' $HOME #hash \\back\\slash"), env.toString());
        assertTrue(env.contains("SPACED=from-dotenv"), ".env wins: " + env);
        assertTrue(env.contains("CI=true"), env.toString());
        assertFalse((out + "" + err).contains("s3cr3t"), err.toString());
    }
}
