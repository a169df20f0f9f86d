package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.CliRun;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;

/**
 * app.json's env on the real engine, with fixtures/appjson/env (the minimal template: nothing to
 * download): a missing required variable stops start before any image or container is made; the
 * generated secret reaches the dynos of start and exec, is the same on the next run, gives way to
 * .env, and is made anew after clean --volumes. The state directory is the test's own.
 */
class AppJsonEnvIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final Pattern PRINTED = Pattern.compile("SECRET_KEY=([^$\\s]*) STAGE=([^$\\s]*)");

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static Path app;
    private static Map<String, String> env;

    @BeforeAll
    static void setUp() {
        engine = Engine.connect();
        app = Fixtures.copy(Fixtures.ROOT.resolve("appjson"), "env", scratch);
        CliRun init = CliRun.of("init", "--template", "minimal", "--stack", Engine.BUILD_STACK, app.toString());
        assertEquals(0, init.exitCode(), init.err());
        env = Map.of("XDG_STATE_HOME", scratch.resolve("state").toString());
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), env, "clean", "--dir", app.toString(), "--volumes");
        engine.close();
    }

    private static CliProcess run(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--dir", app.toString(), "--env", "API_TOKEN=t0ken"));
        args.addAll(List.of(more));
        return CliProcess.run(BUILD, env, args.toArray(String[]::new));
    }

    /** What the print process (start) or the same echo (exec) printed: the secret and STAGE (not the command shown). */
    private static String[] printed(CliProcess cli, String output) {
        assertEquals(0, cli.exitCode(), cli.err());
        Matcher m = PRINTED.matcher(output);
        assertTrue(m.find(), output);
        return new String[] {m.group(1), m.group(2)};
    }

    private static String secretByExec() {
        CliProcess exec = run("exec", "sh", "-c", "echo \"SECRET_KEY=$SECRET_KEY STAGE=$STAGE\"");
        return printed(exec, exec.out())[0];
    }

    @Test
    void aMissingRequiredVariableStopsStartBeforeAnyImageOrContainer() throws IOException {
        Path other = Fixtures.copy(Fixtures.ROOT.resolve("appjson"), "env", scratch.resolve("other"));
        Files.copy(app.resolve("Dockerfile"), other.resolve("Dockerfile"));
        CliProcess start = CliProcess.run(BUILD, env, "start", "print", "--dir", other.toString());

        assertEquals(125, start.exitCode(), start.err());
        assertEquals(
                "error: app.json:7: the required config var API_TOKEN (The partner API's token) has no value",
                start.err().lines().findFirst().orElse(""));
        Map<String, String> filter = AppIdentity.of(AppDir.open(other)).appFilter();
        assertEquals(List.of(), engine.images().list(filter), "no image built");
        assertEquals(List.of(), engine.containers().list(filter), "no container made");
        assertFalse(Files.exists(scratch.resolve("state/slugbuilder/secrets")), "no secret made");
    }

    @Test
    void theGeneratedSecretIsStableGivesWayToDotEnvAndIsRenewedByCleanVolumes() throws IOException {
        CliProcess start = run("start", "print");
        String[] first = printed(start, start.err());
        String secret = first[0];
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertEquals("production", first[1], "app.json's value");
        assertEquals(1, count(start.err(), secret), "only the dyno's own line shows it: " + start.err());

        assertEquals(secret, secretByExec(), "the same on the next run, for exec too");

        Files.writeString(app.resolve(".env"), "SECRET_KEY=from-dotenv\n");
        assertEquals("from-dotenv", secretByExec(), ".env wins");
        Files.delete(app.resolve(".env"));

        CliProcess clean = CliProcess.run(Duration.ofMinutes(1), env, "clean", "--dir", app.toString(), "--volumes");
        assertEquals(0, clean.exitCode(), clean.err());
        assertTrue(clean.err().contains("Removed the app's generated secrets"), clean.err());
        String renewed = secretByExec();
        assertTrue(renewed.matches("[0-9a-f]{64}"), renewed);
        assertNotEquals(secret, renewed, "clean --volumes removed it with the app's data");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
