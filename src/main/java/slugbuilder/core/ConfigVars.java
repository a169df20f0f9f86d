package slugbuilder.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;

/**
 * The process's config vars: the app's .env, then each --env-file, then each --env K=V; a
 * later source wins. Values are never printed.
 */
public final class ConfigVars {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private ConfigVars() {}

    /** APP may be null: then there is no .env to read. */
    public static Map<String, String> collect(AppDir app, List<String> envFiles, List<String> assignments) {
        Map<String, String> vars = app == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(DotEnv.read(app, ".env").values());
        for (String file : envFiles) {
            // relative to where the user stands, as every other path on a command line
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT, file + ": no such file", "check the --env-file path");
            }
            if (!Files.isRegularFile(path)) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT, file + ": not a regular file", "pass a file in .env syntax to --env-file");
            }
            String text = AppDir.open(path.getParent())
                    .readText(path.getFileName().toString())
                    .orElse("");
            vars.putAll(DotEnv.parse(file, text).values());
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            String key = eq < 0 ? assignment : assignment.substring(0, eq);
            if (eq < 0 || !KEY.matcher(key).matches()) {
                // the argument may be a bare secret: never repeat it
                throw new SlugbuilderException(
                        ExitCode.USAGE,
                        "--env: expected KEY=value with a key like MY_VAR (argument "
                                + (assignments.indexOf(assignment) + 1) + " of --env)",
                        "write --env KEY=value");
            }
            if (assignment.getBytes(StandardCharsets.UTF_8).length > DotEnv.MAX_ENTRY_BYTES) {
                throw new SlugbuilderException(
                        ExitCode.USAGE,
                        "--env " + key + "=...: longer than the " + DotEnv.MAX_ENTRY_BYTES
                                + " bytes Linux passes per environment variable",
                        "put large values in a file the app reads");
            }
            vars.put(key, assignment.substring(eq + 1));
        }
        return vars;
    }
}
