package slugbuilder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;
import slugbuilder.console.Console;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.OkHttpPlatformApi;

/** config pull against a MockWebServer Platform API: what is written, what is printed, what is refused. */
class ConfigPullTest {
    private static final String TOKEN = "HRKU-tok3n-5ecret-0123456789abcdef";
    private static final String SECRET = "pr0d-s3cr3t-value";
    private static final String CONFIG_VARS = "{\"API_KEY\":\"" + SECRET + "\",\"PLAIN\":\"same\","
            + "\"QUOTED\":\"it's \\\"x\\\" $HOME #1\\nline2\",\"DATABASE_URL\":\"postgres://prod-" + SECRET + "\"}";
    private static final String ADDONS = "[{\"id\":\"a1\",\"name\":\"postgresql-curly-12345\","
            + "\"addon_service\":{\"id\":\"s1\",\"name\":\"heroku-postgresql\"},\"config_vars\":[\"DATABASE_URL\"]}]";

    @TempDir
    Path app;

    private final MockWebServer server = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private void pull(boolean overwrite, boolean includeAddons, String... keys) {
        OkHttpPlatformApi api = new OkHttpPlatformApi(
                URI.create(server.url("/").toString()), new ApiToken(TOKEN, "HEROKU_API_KEY"), duration -> {});
        Console console = new Console(new PrintWriter(out), new PrintWriter(err));
        new ConfigPull(console)
                .pull(
                        AppDir.open(app),
                        new ConfigPull.Options(".env", overwrite, includeAddons, List.of(keys)),
                        () -> "myapp",
                        () -> api);
    }

    private void answer() {
        server.enqueue(json(CONFIG_VARS));
        server.enqueue(json(ADDONS));
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    private Map<String, String> written() {
        return DotEnv.read(AppDir.open(app), ".env").values();
    }

    private String printed() {
        return out + "" + err;
    }

    @Test
    void writesTheVarsWithoutAddonVarsPrivatelyAndPrintsNamesOnly() throws Exception {
        answer();
        pull(false, false);

        assertEquals(Map.of("API_KEY", SECRET, "PLAIN", "same", "QUOTED", "it's \"x\" $HOME #1\nline2"), written());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(app.resolve(".env"))));
        assertEquals("""
                pulled the config vars of myapp into .env
                  added: API_KEY, PLAIN, QUOTED
                """, out.toString());
        assertTrue(err.toString().contains("left out the add-ons' variables DATABASE_URL"), err.toString());
        assertFalse(printed().contains(SECRET), printed());
        RecordedRequest vars = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("/apps/myapp/config-vars", vars.getPath());
        assertEquals("Bearer " + TOKEN, vars.getHeader("Authorization"));
        assertTrue(vars.getHeader("Accept").startsWith("application/vnd.heroku+json; version=3"));
        assertEquals(
                "/apps/myapp/addons", server.takeRequest(1, TimeUnit.SECONDS).getPath());
        try (Stream<Path> files = Files.list(app)) {
            assertEquals(List.of(app.resolve(".env")), files.toList(), "no temporary file left");
        }
    }

    @Test
    void keepsADifferentLocalValueWithANoteUnlessOverwrite() throws Exception {
        Files.writeString(app.resolve(".env"), "# mine\nAPI_KEY=local\nPLAIN=same\nONLY_HERE=1\n");
        answer();
        pull(false, false);

        assertEquals("local", written().get("API_KEY"));
        assertEquals("1", written().get("ONLY_HERE"));
        assertTrue(Files.readString(app.resolve(".env")).startsWith("# mine\n"));
        assertEquals("""
                pulled the config vars of myapp into .env
                  added: QUOTED
                  unchanged: PLAIN
                """, out.toString());
        assertTrue(
                err.toString()
                        .contains(
                                "note: kept the local value of API_KEY, which differs from the app's (--overwrite replaces it)"),
                err.toString());

        answer();
        out.getBuffer().setLength(0);
        pull(true, false);
        assertEquals(SECRET, written().get("API_KEY"));
        assertTrue(out.toString().contains("  changed: API_KEY\n"), out.toString());
        assertFalse(printed().contains(SECRET) || printed().contains("local\n"), printed());
    }

    @Test
    void includeAddonVarsTakesThemWithAWarning() {
        answer();
        pull(false, true, "DATABASE_URL");

        assertEquals(Map.of("DATABASE_URL", "postgres://prod-" + SECRET), written());
        assertTrue(
                err.toString()
                        .contains(
                                "warning: DATABASE_URL belong to myapp's add-ons: they point at the platform's own resources"),
                err.toString());
        assertFalse(printed().contains(SECRET), printed());
    }

    @Test
    void anUnknownKeyIsRefusedByNameAndNothingIsWritten() {
        answer();
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> pull(false, false, "PLAIN", "NOPE", "DATABASE_URL"));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(
                "the app myapp has no config var NOPE, DATABASE_URL (add-ons' variables are left out)", e.getMessage());
        assertFalse(Files.exists(app.resolve(".env")));
    }

    @Test
    void anUnknownAppFailsWithTheApiWordingAndNoValue() {
        server.enqueue(new MockResponse()
                .setResponseCode(404)
                .setBody("{\"id\":\"not_found\",\"message\":\"Couldn't find that app.\"}"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pull(false, false));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().startsWith("reading the config vars of myapp failed"), e.getMessage());
        assertTrue(e.hint().startsWith("check the app name"), e.hint());
        assertFalse(Files.exists(app.resolve(".env")));
    }

    @Test
    void a401And403AreWordedAsEveryApiCallsAre() {
        server.enqueue(new MockResponse()
                .setResponseCode(401)
                .setBody("{\"id\":\"unauthorized\",\"message\":\"Invalid credentials provided.\"}"));
        SlugbuilderException unauthorized = assertThrows(SlugbuilderException.class, () -> pull(false, false));
        server.enqueue(new MockResponse()
                .setResponseCode(403)
                .setBody("{\"id\":\"forbidden\",\"message\":\"You do not have access to the app myapp.\"}"));
        SlugbuilderException forbidden = assertThrows(SlugbuilderException.class, () -> pull(false, false));

        assertEquals(ExitCode.PLATFORM_API, unauthorized.exitCode());
        assertEquals(
                "reading the config vars of myapp failed: 401 unauthorized: Invalid credentials provided.",
                unauthorized.getMessage());
        assertTrue(unauthorized.hint().startsWith("check HEROKU_API_KEY"), unauthorized.hint());
        assertFalse(
                unauthorized.getMessage().contains(TOKEN) || unauthorized.hint().contains(TOKEN));
        assertEquals(ExitCode.PLATFORM_API, forbidden.exitCode());
        assertTrue(forbidden.hint().startsWith("your account may not have access to myapp"), forbidden.hint());
        assertFalse(Files.exists(app.resolve(".env")));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithoutShowingIt() {
        server.enqueue(json("{\"API_KEY\":\"" + SECRET + "\", truncated"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pull(false, false));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().contains("its body is not JSON"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET) || String.valueOf(e.hint()).contains(SECRET), e.getMessage());
    }

    @Test
    void aBrokenLocalFileFailsBeforeAnyRequest() throws Exception {
        Files.writeString(app.resolve(".env"), "A=1\nB=\"open\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pull(false, false));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(".env:2: the value of B opens a double quote that is never closed", e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void warnsWhenGitDoesNotIgnoreTheFile() throws Exception {
        Process init = new ProcessBuilder("git", "init", "-q", app.toString())
                .redirectErrorStream(true)
                .start();
        assertEquals(0, init.waitFor());
        answer();
        pull(false, false);
        assertTrue(
                err.toString()
                        .contains("warning: .env holds secrets and git does not ignore it: add the line /.env to "
                                + app.toRealPath().resolve(".gitignore")),
                err.toString());

        Files.writeString(app.resolve(".gitignore"), ".env\n");
        err.getBuffer().setLength(0);
        answer();
        pull(false, false);
        assertFalse(err.toString().contains("git does not ignore"), err.toString());
    }
}
