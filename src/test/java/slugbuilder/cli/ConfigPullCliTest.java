package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;
import slugbuilder.support.FakePlatformScript;

/**
 * {@code slugbuilder config pull} through the real command line against scripts/fake-platform.py,
 * whose canned config vars hold quotes, $, #, backslashes, a multi-line value, spaces at both
 * ends, an empty value and unicode, and whose add-ons own DATABASE_URL and REDIS_URL.
 */
class ConfigPullCliTest {
    private static final String TOKEN = "HRKU-cli-t0ken-0123456789";
    private static Process server;
    private static int port;

    @TempDir
    Path app;

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

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Wiring wiring = Wiring.system()
                .withEnv(Map.of(
                        "HEROKU_API_KEY",
                        TOKEN,
                        ApiOptions.API_URL_ENV,
                        "http://127.0.0.1:" + port,
                        "HOME",
                        app.toString()));
        String[] full = new String[args.length + 2];
        full[0] = "config";
        full[1] = "pull";
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring, full)
                .execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void pullsEveryValueExactlyLeavesAddonVarsOutAndPrintsNoValue() throws Exception {
        Run run = run("--dir", app.toString(), "-a", "demo-app");

        assertEquals(0, run.code(), run.err());
        assertEquals("""
                pulled the config vars of demo-app into .env
                  added: SECRET_KEY, MULTI_LINE, SPACED, EMPTY, GREETING
                """, run.out());
        assertTrue(run.err().contains("note: left out the add-ons' variables DATABASE_URL, REDIS_URL"), run.err());
        Map<String, String> values = DotEnv.read(AppDir.open(app), ".env").values();
        assertEquals("s3cr3t-\"quoted\" 'single' $HOME #hash \\back\\slash", values.get("SECRET_KEY"));
        assertEquals("-----BEGIN KEY-----\nabc\n-----END KEY-----\n", values.get("MULTI_LINE"));
        assertEquals("  both ends  ", values.get("SPACED"));
        assertEquals("", values.get("EMPTY"));
        assertEquals("h\u00e9llo w\u00f6rld \u2603", values.get("GREETING"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(app.resolve(".env"))));
        for (String value : values.values()) {
            if (!value.isBlank()) {
                assertFalse(run.out().contains(value) || run.err().contains(value), value);
            }
        }
        assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN));
    }

    @Test
    void includeAddonVarsAndKeysTakeOnlyThoseWithAWarning() {
        Run run = run("--dir", app.toString(), "-a", "demo-app", "--include-addon-vars", "DATABASE_URL");

        assertEquals(0, run.code(), run.err());
        assertEquals(
                Map.of("DATABASE_URL", "postgres://u:p@ec2.example:5432/prod"),
                DotEnv.read(AppDir.open(app), ".env").values());
        assertTrue(run.err().contains("warning: DATABASE_URL belong to demo-app's add-ons"), run.err());
        assertFalse(run.err().contains("postgres://"), run.err());
    }

    @Test
    void anUnknownAppExits5WithTheApiWording() {
        Run run = run("--dir", app.toString(), "-a", "missing-app");

        assertEquals(5, run.code(), run.err());
        assertTrue(
                run.err()
                        .startsWith(
                                "error: reading the config vars of missing-app failed: 404 not_found: Couldn't find that app."),
                run.err());
        assertFalse(Files.exists(app.resolve(".env")));
    }

    @Test
    void anUnknownKeyExits2NamingIt() {
        Run run = run("--dir", app.toString(), "-a", "demo-app", "NO_SUCH_KEY");

        assertEquals(2, run.code(), run.err());
        assertEquals(
                "error: the app demo-app has no config var NO_SUCH_KEY (add-ons' variables are left out)",
                run.err().lines().findFirst().orElse(""));
        assertFalse(Files.exists(app.resolve(".env")));
    }
}
