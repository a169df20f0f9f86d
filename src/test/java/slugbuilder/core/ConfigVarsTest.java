package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;

/** The config vars' total: refused when no process could start with them, a warning above Heroku's limit. */
class ConfigVarsTest {
    @TempDir
    Path app;

    private final List<String> warnings = new ArrayList<>();

    /** COUNT lines of PREFIX<n>=VALUE. */
    private static String lines(String prefix, int count, int valueBytes) {
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < count; n++) {
            out.append(prefix)
                    .append(n)
                    .append('=')
                    .append("v".repeat(valueBytes))
                    .append('\n');
        }
        return out.toString();
    }

    private Map<String, String> collect(List<String> envFiles, List<String> assignments) {
        return ConfigVars.collect(AppDir.open(app), envFiles, assignments, warnings::add);
    }

    @Test
    void configVarsAboveHerokusLimitGetOneWarningAndStillRun() throws IOException {
        // 1000 × (K000=, 62 bytes): 65,890 bytes of keys and values, above 65,536
        Files.writeString(app.resolve(".env"), lines("K", 1000, 62));

        Map<String, String> vars = collect(List.of(), List.of());

        assertEquals(1000, vars.size());
        assertEquals(
                List.of("the config vars take 65890 bytes (keys and values); Heroku refuses more than 64 KB"
                        + " (65536 bytes) per app, so they will not fit there"),
                warnings);
    }

    @Test
    void configVarsWithinHerokusLimitGetNoWarning() throws IOException {
        Files.writeString(app.resolve(".env"), lines("K", 900, 62));

        collect(List.of(), List.of());

        assertEquals(List.of(), warnings);
    }

    @Test
    void theEnvFileThatPassesTheProcessLimitIsNamed() throws IOException {
        Files.writeString(app.resolve(".env"), lines("A", 10_000, 100)); // 1.2 MB: fits
        Path more = Files.writeString(app.resolve("more.env"), lines("B", 10_000, 100));

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> collect(List.of(more.toString()), List.of()));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                more + ": the config vars (20000 variables so far) take 2297780 bytes as a process's environment;"
                        + " Linux starts a process with at most 2097152 bytes of arguments and environment,"
                        + " 2031616 of them for config vars",
                e.getMessage());
        assertEquals(
                "keep large data in a file the app reads (or behind a URL); Heroku itself takes at most 64 KB of"
                        + " config vars per app",
                e.hint());
    }

    @Test
    void exactlyTheLimitStillStarts() throws IOException {
        // one variable's cost is its bytes, a NUL and an 8-byte pointer: fill the limit to the byte
        long limit = ConfigVars.MAX_CONFIG_VARS_EXEC_BYTES;
        int each = 100_000;
        StringBuilder env = new StringBuilder();
        long used = 0;
        int n = 0;
        while (limit - used > each + 9) {
            String entry = "V" + n++ + "=";
            env.append(entry).append("v".repeat(each - entry.length())).append('\n');
            used += each + 9;
        }
        String last = "W=";
        env.append(last)
                .append("v".repeat((int) (limit - used - 9 - last.length())))
                .append('\n');
        Files.writeString(app.resolve(".env"), env);

        assertEquals(n + 1, collect(List.of(), List.of()).size());

        Files.writeString(app.resolve(".env"), env.toString().replaceFirst("W=", "W=v"));
        assertThrows(SlugbuilderException.class, () -> collect(List.of(), List.of()));
    }
}
