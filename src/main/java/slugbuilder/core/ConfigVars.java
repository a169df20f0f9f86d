package slugbuilder.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;
import slugbuilder.app.ExecLimits;

/**
 * The process's config vars: the app's .env, then each --env-file, then each --env K=V; a
 * later source wins. Values are never printed. Their total must leave a process room to start
 * (the source that passes it is named), and above Heroku's own limit they get a warning.
 */
public final class ConfigVars {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /**
     * Heroku's limit on an app's config vars: "Config var data (the combination of all keys and
     * values) cannot exceed 64kb for each app" (Dev Center, Configuration and Config Vars, Config
     * var policies). Read as 64 KiB; above it, the same vars could not be set with heroku config:set.
     */
    public static final long HEROKU_CONFIG_VARS_LIMIT_BYTES = 64 * 1024;

    /**
     * What the config vars may take of {@link ExecLimits#MAX_ARGS_AND_ENV_BYTES}: the rest is room
     * for the process's command line (docker-init, bash -c and the Procfile command) and for the
     * variables slugbuilder (PORT, DYNO, HOME, add-on URLs) and bash add.
     */
    public static final long MAX_CONFIG_VARS_EXEC_BYTES = ExecLimits.MAX_ARGS_AND_ENV_BYTES - 64 * 1024;

    private ConfigVars() {}

    /** APP may be null: then there is no .env to read. WARNINGS gets the note above Heroku's limit. */
    public static Map<String, String> collect(
            AppDir app, List<String> envFiles, List<String> assignments, Consumer<String> warnings) {
        return collect(Map.of(), app, envFiles, assignments, warnings);
    }

    /**
     * As above, on top of PLATFORM_VARS (the Heroku app's, from --heroku-config): every other
     * source wins over them.
     */
    public static Map<String, String> collect(
            Map<String, String> platformVars,
            AppDir app,
            List<String> envFiles,
            List<String> assignments,
            Consumer<String> warnings) {
        Map<String, String> vars = new LinkedHashMap<>(platformVars);
        if (!vars.isEmpty()) {
            requireRoomToStart(vars, "--heroku-config");
        }
        if (app != null) {
            vars.putAll(DotEnv.read(app, DotEnv.NAME).values());
        }
        requireRoomToStart(vars, DotEnv.NAME);
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
            requireRoomToStart(vars, file);
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
        requireRoomToStart(vars, "--env");
        long herokuBytes = vars.entrySet().stream()
                .mapToLong(e -> ExecLimits.utf8Length(e.getKey()) + ExecLimits.utf8Length(e.getValue()))
                .sum();
        if (herokuBytes > HEROKU_CONFIG_VARS_LIMIT_BYTES) {
            warnings.accept("the config vars take " + herokuBytes + " bytes (keys and values); Heroku refuses more"
                    + " than 64 KB (" + HEROKU_CONFIG_VARS_LIMIT_BYTES + " bytes) per app, so they will not fit there");
        }
        return vars;
    }

    /**
     * Refuses VARS that a process could not be started with, before any container is made: the
     * engine would create it and its init would fail with "argument list too long" and exit 1,
     * which reads as the app's own failure. SOURCE is what was added last, the one named.
     */
    private static void requireRoomToStart(Map<String, String> vars, String source) {
        long bytes = vars.entrySet().stream()
                .mapToLong(e -> ExecLimits.execCost(e.getKey() + "=" + e.getValue()))
                .sum();
        if (bytes > MAX_CONFIG_VARS_EXEC_BYTES) {
            throw new SlugbuilderException(
                    source.equals("--env") ? ExitCode.USAGE : ExitCode.BAD_INPUT,
                    source + ": the config vars (" + vars.size() + " variables so far) take " + bytes
                            + " bytes as a process's environment; Linux starts a process with at most "
                            + ExecLimits.MAX_ARGS_AND_ENV_BYTES + " bytes of arguments and environment, "
                            + MAX_CONFIG_VARS_EXEC_BYTES + " of them for config vars",
                    "keep large data in a file the app reads (or behind a URL); Heroku itself takes at most 64 KB"
                            + " of config vars per app");
        }
    }
}
