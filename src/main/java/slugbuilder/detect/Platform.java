package slugbuilder.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One language platform, read from {@code platforms/<name>.json}: how to detect it, which
 * runtimes it installs and where their versions come from, which template renders it.
 *
 * @param detect        files or globs whose presence selects the platform (any one suffices)
 * @param runtimes      runtimes to install, the first being the one named in messages
 * @param aptPackages   packages unpacked under /app/.apt by the platform itself (e.g. a web server)
 * @param dockerignore  entries added to a new .dockerignore: what the build installs itself
 * @param process       a suggested Procfile command, shown when the app has no Procfile
 * @param defaultWeb    the web commands the platform runs when the Procfile has none, as a
 *                      buildpack's default process types do: the first rule that holds applies;
 *                      none (or none that holds) means the app needs a Procfile with web
 * @param defaultTest   the test commands {@code slugbuilder test} runs when app.json has no
 *                      {@code scripts.test}, as a buildpack's {@code bin/test} does for Heroku CI;
 *                      rules as for defaultWeb, the first that holds applies
 * @param requires      files the platform cannot do without, each with the hint to give when missing
 * @param probes        files (or globs) a template may test for, by name: {@code probe.packageJson}
 * @param buildpacks    the Heroku buildpacks this platform stands for, as app.json's {@code buildpacks}
 *                      name them (registry names and URLs; compared by {@link #buildpackKey})
 */
public record Platform(
        String name,
        String title,
        Detect detect,
        List<Runtime> runtimes,
        String template,
        List<String> aptPackages,
        List<String> dockerignore,
        String process,
        List<DefaultWeb> defaultWeb,
        List<DefaultWeb> defaultTest,
        Map<String, String> requires,
        Map<String, String> probes,
        List<String> buildpacks) {

    public Platform {
        buildpacks = buildpacks == null ? List.of() : List.copyOf(buildpacks);
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        aptPackages = aptPackages == null ? List.of() : List.copyOf(aptPackages);
        dockerignore = dockerignore == null ? List.of() : List.copyOf(dockerignore);
        defaultWeb = defaultWeb == null ? List.of() : List.copyOf(defaultWeb);
        defaultTest = defaultTest == null ? List.of() : List.copyOf(defaultTest);
        // in file order: the first missing file is the one reported
        requires = requires == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requires));
        probes = probes == null ? Map.of() : Map.copyOf(probes);
        if (detect == null) {
            detect = new Detect(List.of(), List.of());
        }
    }

    /** Whether app.json's buildpack URL (a registry name or a URL) is one this platform stands for. */
    public boolean standsFor(String buildpack) {
        String key = buildpackKey(buildpack);
        return buildpacks.stream().map(Platform::buildpackKey).anyMatch(key::equals);
    }

    /**
     * A buildpack's name or URL as compared: lower case, without a {@code #ref} (a branch or tag),
     * a trailing {@code /} or {@code .git}, http as https.
     */
    public static String buildpackKey(String buildpack) {
        String key = buildpack.trim().toLowerCase(Locale.ROOT);
        int hash = key.indexOf('#');
        if (hash >= 0) {
            key = key.substring(0, hash);
        }
        key = key.replaceFirst("/+$", "").replaceFirst("\\.git$", "");
        return key.startsWith("http://") ? "https://" + key.substring("http://".length()) : key;
    }

    /**
     * A default web command and when it applies: every condition of WHEN must hold.
     *
     * @param command the command; {@code {match}} stands for group 1 of the last condition's
     *                {@code line} that has one (the module name of go.mod, say)
     * @param label   what the rule recognizes, for the note that says it applies ("a Rails app")
     */
    public record DefaultWeb(String command, String label, List<Condition> when) {
        public DefaultWeb {
            when = when == null ? List.of() : List.copyOf(when);
        }
    }

    /**
     * Something the app's FILE must be or hold: present (nothing else given), a non-empty
     * string at the JSON pointer JSON, or a line containing a match of the regular expression LINE.
     */
    public record Condition(String file, String json, String line) {}

    /** Detection rule: any listed file, or any glob match. */
    public record Detect(List<String> files, List<String> globs) {
        public Detect {
            files = files == null ? List.of() : List.copyOf(files);
            globs = globs == null ? List.of() : List.copyOf(globs);
        }
    }

    /**
     * A runtime and where its version comes from.
     *
     * @param inventory name of {@code platforms/versions/<inventory>.json}; with one, the app's
     *                  value is a range resolved to the newest released version, without one it
     *                  must match {@code pattern} and is used as written
     * @param aliases   words apps write instead of a version ({@code "lts/*"}), mapped to a range;
     *                  {@code "@lts"} stands for the newest LTS major
     */
    public record Runtime(
            String name,
            String title,
            String inventory,
            String pattern,
            String defaultVersion,
            List<VersionSource> sources,
            Map<String, String> aliases) {
        public Runtime {
            sources = sources == null ? List.of() : List.copyOf(sources);
            aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        }
    }

    /**
     * A place the app states a version: a JSON pointer into a JSON file, or the first line of
     * a text file that matches a regular expression whose group 1 is the version.
     *
     * @param label   what the user calls this place, as in "from engines ^20"
     * @param whole   the file holds nothing but the version (.nvmrc, .python-version): when it
     *                exists, a line must match, or it is an error rather than a silent default
     * @param dialect how ranges are written there: "npm" (default), "gem" or "composer", whose
     *                two-part tilde means what npm's caret does
     */
    public record VersionSource(
            String file, String json, String line, String label, String example, boolean whole, String dialect) {}
}
