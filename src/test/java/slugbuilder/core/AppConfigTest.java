package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.console.Console;

/** app.json's env as a run sees it: the layers' order, the generated secret, the required check. */
class AppConfigTest {
    private static final AppIdentity APP = new AppIdentity("aaaaaaaaaaaa", "slugbuilder/app-aaaaaa");

    @TempDir
    Path state;

    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    private AppSecrets secrets() {
        return new AppSecrets(state.resolve("secrets"), state.resolve("locks"), APP, console);
    }

    private static AppManifest manifest(String json) {
        return AppJson.parse("app.json", json).base();
    }

    @Test
    void eachLayerWinsOverTheOnesBelowIt() {
        AppManifest manifest = manifest("""
                {"env": {
                  "FROM_VALUE": "app.json",
                  "OVERRIDDEN": "app.json",
                  "DATABASE_URL": {"value": "postgres://from-app-json"},
                  "SECRET_KEY": {"generator": "secret", "value": "ignored: the generator wins"},
                  "SECRET_IN_DOTENV": {"generator": "secret"}
                }}""");
        Map<String, String> vars = AppConfig.resolve(
                manifest,
                Set.of("DATABASE_URL"),
                Map.of("OVERRIDDEN", "user", "SECRET_IN_DOTENV", "from .env"),
                secrets());

        assertEquals("app.json", vars.get("FROM_VALUE"));
        assertEquals("user", vars.get("OVERRIDDEN"));
        assertFalse(vars.containsKey("DATABASE_URL"), "left to the add-on, which sets it above app.json");
        assertTrue(vars.get("SECRET_KEY").matches("[0-9a-f]{64}"), vars.get("SECRET_KEY"));
        assertEquals("from .env", vars.get("SECRET_IN_DOTENV"));
        assertEquals(
                "SECRET_KEY=" + vars.get("SECRET_KEY") + "\n",
                read(state.resolve("secrets").resolve(APP.id())),
                "a secret .env overrides is not made");
    }

    @Test
    void theSecretIsMadeOnceAndKeptPrivately() throws Exception {
        AppManifest manifest = manifest("{\"env\": {\"SECRET_KEY\": {\"generator\": \"secret\"}}}");
        String first =
                AppConfig.resolve(manifest, Set.of(), Map.of(), secrets()).get("SECRET_KEY");
        String second =
                AppConfig.resolve(manifest, Set.of(), Map.of(), secrets()).get("SECRET_KEY");
        assertEquals(first, second);
        Path file = state.resolve("secrets").resolve(APP.id());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        AppManifest more = manifest(
                "{\"env\": {\"SECRET_KEY\": {\"generator\": \"secret\"}, \"OTHER\": {\"generator\": \"secret\"}}}");
        Map<String, String> vars = AppConfig.resolve(more, Set.of(), Map.of(), secrets());
        assertEquals(first, vars.get("SECRET_KEY"), "a secret added later leaves the others as they were");
        assertNotEquals(first, vars.get("OTHER"));
        assertEquals("", err.toString(), "nothing printed, the secret least of all");
    }

    @Test
    void aRequiredVariableWithoutAValueStopsTheRunNamingItsDescription() {
        AppManifest manifest = manifest("""
                {"env": {
                  "SET": "1",
                  "API_TOKEN": {"description": "The partner API's token"}
                }}""");
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppConfig.resolve(manifest, Set.of(), Map.of(), secrets()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "app.json:3: the required config var API_TOKEN (The partner API's token) has no value", e.getMessage());
        assertEquals(
                "set it in .env (API_TOKEN=...) or with --env API_TOKEN=..., or give it a \"value\" (or \"required\":"
                        + " false) in app.json",
                e.hint());
    }

    @Test
    void everyMissingVariableIsNamedInOneError() {
        AppManifest manifest = manifest("""
                {"env": {
                  "A": {"description": "first"},
                  "B": {"value": ""},
                  "C": {"description": "optional", "required": false}
                }}""");
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppConfig.resolve(manifest, Set.of(), Map.of(), secrets()));
        assertEquals(
                "app.json:2: the required config vars A (line 2: first), B (line 3) have no value", e.getMessage());
        assertFalse(Files.exists(state.resolve("secrets")), "nothing made");
    }

    @Test
    void aValueFromTheUserAnAddOnOrAGeneratorSatisfiesIt() {
        AppManifest manifest = manifest("""
                {"env": {
                  "DATABASE_URL": {"description": "the add-on sets it"},
                  "API_TOKEN": {"description": "in .env"},
                  "SECRET_KEY": {"generator": "secret"},
                  "SENTRY_DSN": {"required": false}
                }}""");
        Map<String, String> vars =
                AppConfig.resolve(manifest, Set.of("DATABASE_URL"), Map.of("API_TOKEN", ""), secrets());
        assertEquals(Set.of("API_TOKEN", "SECRET_KEY"), vars.keySet(), "an optional one without a value stays unset");
        assertEquals("", vars.get("API_TOKEN"), "an empty value the user sets is a value");
    }

    @Test
    void anAppWithoutEnvGetsTheUsersVarsAsTheyAre() {
        Map<String, String> user = Map.of("A", "1");
        assertEquals(user, AppConfig.resolve(AppManifest.EMPTY, Set.of(), user, secrets()));
        assertFalse(Files.exists(state.resolve("locks")), "no lock taken, no file made");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
