package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.console.Console;

/** The per-app store of generated secrets: one secret per name, kept until removed, never two at once. */
class AppSecretsTest {
    private static final AppIdentity APP = new AppIdentity("bbbbbbbbbbbb", "slugbuilder/app-bbbbbb");
    private static final AppIdentity OTHER = new AppIdentity("eeeeeeeeeeee", "slugbuilder/other-eeeeee");

    @TempDir
    Path home;

    private final Console console =
            new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));

    private Map<String, String> env() {
        return Map.of("XDG_STATE_HOME", home.toString());
    }

    @Test
    void concurrentFirstRunsAgreeOnOneSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<String> run = () -> AppSecrets.of(APP, env(), console)
                        .secrets(List.of("KEY"))
                        .get("KEY");
                runs.add(pool.submit(run));
            }
            Set<String> seen = new HashSet<>();
            for (Future<String> run : runs) {
                seen.add(run.get());
            }
            assertEquals(1, seen.size(), seen.toString());
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(AppSecrets.directory(env()))) {
            assertEquals(
                    List.of(APP.id()),
                    files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void theStateDirectoryIsBesideTheLocks() {
        assertEquals(home.resolve("slugbuilder/secrets"), AppSecrets.directory(env()));
        assertEquals(
                Path.of("/home/u/.local/state/slugbuilder/secrets"), AppSecrets.directory(Map.of("HOME", "/home/u")));
    }

    @Test
    void removingOneAppsSecretsLeavesTheOthersAndMakesNewOnes() {
        String first =
                AppSecrets.of(APP, env(), console).secrets(List.of("KEY")).get("KEY");
        String other =
                AppSecrets.of(OTHER, env(), console).secrets(List.of("KEY")).get("KEY");
        assertNotEquals(first, other, "each app has its own");

        assertTrue(AppSecrets.remove(env(), APP));
        assertFalse(AppSecrets.exist(env(), APP));
        assertTrue(AppSecrets.exist(env(), OTHER));
        assertNotEquals(
                first,
                AppSecrets.of(APP, env(), console).secrets(List.of("KEY")).get("KEY"));
        assertEquals(
                other,
                AppSecrets.of(OTHER, env(), console).secrets(List.of("KEY")).get("KEY"));

        assertEquals(2, AppSecrets.removeAll(env()));
        assertFalse(Files.exists(AppSecrets.directory(env())));
        assertEquals(0, AppSecrets.removeAll(env()));
    }

    @Test
    void freshSecretsAreMadeForEveryRunAndKeptNowhere() {
        Map<String, String> first = AppSecrets.fresh().secrets(List.of("A", "B"));
        Map<String, String> second = AppSecrets.fresh().secrets(List.of("A", "B"));
        assertTrue(first.get("A").matches("[0-9a-f]{64}"), first.get("A"));
        assertNotEquals(first.get("A"), first.get("B"));
        assertNotEquals(first.get("A"), second.get("A"));
        assertFalse(Files.exists(AppSecrets.directory(env())));
    }
}
