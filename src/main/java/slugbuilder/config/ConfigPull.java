package slugbuilder.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;
import slugbuilder.console.Console;
import slugbuilder.git.Git;
import slugbuilder.heroku.Addon;
import slugbuilder.heroku.PlatformApi;

/**
 * {@code slugbuilder config pull}: the Heroku app's config vars into a .env file (mode 0600,
 * replaced atomically), merged with what the file holds. Only names are ever printed.
 */
public final class ConfigPull {
    /** FILE_NAME relative to the app (or absolute); KEYS empty means every key. */
    public record Options(String fileName, boolean overwrite, boolean includeAddonVars, List<String> keys) {}

    private final Console console;

    public ConfigPull(Console console) {
        this.console = console;
    }

    /** Reads the file first (a broken one fails before any request), then pulls APP's vars through API. */
    public void pull(AppDir app, Options options, Supplier<String> appNames, Supplier<PlatformApi> api) {
        String text = app.readText(options.fileName()).orElse("");
        DotEnv.parse(options.fileName(), text);
        String appName = appNames.get();
        PlatformApi platform = api.get();
        PlatformVars vars = PlatformVars.fetch(platform, appName, options.includeAddonVars());
        Map<String, String> chosen = chosen(vars.vars(), appName, options);
        chosen.forEach((key, value) -> requireWritable(appName, key, value));
        DotEnvMerge.Result result = DotEnvMerge.merge(options.fileName(), text, chosen, options.overwrite());
        // what is written must read back: a key .env cannot hold fails here, before the file changes
        DotEnv.parse(options.fileName() + " (as pulled)", result.text());
        Path file = app.resolve(options.fileName());
        if (!result.added().isEmpty() || !result.changed().isEmpty()) {
            writePrivately(file, result.text());
        }
        report(options.fileName(), appName, result);
        if (options.keys().isEmpty() || options.includeAddonVars()) {
            vars.tell(console, appName, chosen.keySet());
        }
        warnIfNotIgnored(file);
    }

    /**
     * An app's config vars as a local run takes them: without INCLUDE_ADDON_VARS, the add-ons'
     * own (ADDON_VARS: DATABASE_URL, ...) are left out, as locally they point at the local services.
     */
    public record PlatformVars(Map<String, String> vars, Set<String> addonVars, boolean addonVarsIncluded) {
        /** Fetches APP's config vars and add-ons through API. */
        public static PlatformVars fetch(PlatformApi api, String appName, boolean includeAddonVars) {
            Map<String, String> vars = new LinkedHashMap<>(api.configVars(appName));
            Set<String> addonVars = new LinkedHashSet<>();
            for (Addon addon : api.addons(appName)) {
                addon.configVars().stream().filter(vars::containsKey).forEach(addonVars::add);
            }
            if (!includeAddonVars) {
                vars.keySet().removeAll(addonVars);
            }
            return new PlatformVars(vars, addonVars, includeAddonVars);
        }

        /**
         * Says which add-on variables of KEYS were taken (a warning: they are the platform's own
         * resources), or that the add-ons' variables were left out. Names only.
         */
        public void tell(Console console, String appName, Set<String> keys) {
            List<String> taken = addonVars.stream().filter(keys::contains).toList();
            if (addonVarsIncluded && !taken.isEmpty()) {
                console.warn(
                        String.join(", ", taken) + " belong to " + appName
                                + "'s add-ons: they point at the platform's own resources (production data included), not the local services");
            } else if (!addonVarsIncluded && !addonVars.isEmpty()) {
                console.note("left out the add-ons' variables " + String.join(", ", addonVars)
                        + " (locally the add-on services provide them; --include-addon-vars takes them)");
            }
        }
    }

    private static Map<String, String> chosen(Map<String, String> vars, String appName, Options options) {
        if (options.keys().isEmpty()) {
            return vars;
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String key : options.keys()) {
            if (vars.containsKey(key)) {
                chosen.put(key, vars.get(key));
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "the app " + appName + " has no config var " + String.join(", ", unknown)
                            + (options.includeAddonVars() ? "" : " (add-ons' variables are left out)"),
                    "check the names with 'heroku config -a " + appName + "'"
                            + (options.includeAddonVars() ? "" : ", or add --include-addon-vars for an add-on's"));
        }
        return chosen;
    }

    /** A value no .env (nor any process environment) can hold: NUL, or text that is not Unicode. */
    private static void requireWritable(String appName, String key, String value) {
        boolean nul = value.indexOf('\0') >= 0;
        if (nul || !StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "the config var " + key + " of " + appName + " holds "
                            + (nul ? "a NUL byte" : "an unpaired UTF-16 surrogate") + ", which a .env file cannot hold",
                    "fix it with 'heroku config:set " + key + "=... -a " + appName
                            + "', or name the other keys to pull them without it");
        }
    }

    private void report(String fileName, String appName, DotEnvMerge.Result result) {
        console.result("pulled the config vars of " + appName + " into " + fileName);
        line("added", result.added());
        line("changed", result.changed());
        line("unchanged", result.unchanged());
        if (!result.kept().isEmpty()) {
            console.note("kept the local value of " + String.join(", ", result.kept())
                    + ", which differs from the app's (--overwrite replaces it)");
        }
    }

    private void line(String what, List<String> keys) {
        if (!keys.isEmpty()) {
            console.result("  " + what + ": " + String.join(", ", keys));
        }
    }

    /**
     * TEXT into FILE through a 0600 temporary file beside it, moved over FILE: the secrets are
     * never readable by others, not even while being written, and a reader sees the old file or
     * the new one.
     */
    public static void writePrivately(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = PrivateFiles.createFile(dir, ".slugbuilder-env-", ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(text);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | UncheckedIOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "cannot write " + file + ": " + e.getClass().getSimpleName(),
                    "check that " + dir + " exists and is writable");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the error above already says what failed
                }
            }
        }
    }

    /** A .env in a git work tree that git does not ignore gets committed sooner or later. */
    private void warnIfNotIgnored(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Git git = Git.in(absolute.getParent());
        if (git.line("rev-parse", "--is-inside-work-tree")
                .filter("true"::equals)
                .isEmpty()) {
            return;
        }
        String name = absolute.getFileName().toString();
        if (git.output("check-ignore", "-q", "--", name).isEmpty()) {
            console.warn(absolute.getParent().relativize(absolute)
                    + " holds secrets and git does not ignore it: add the line /" + name + " to "
                    + absolute.getParent().resolve(".gitignore"));
        }
    }
}
