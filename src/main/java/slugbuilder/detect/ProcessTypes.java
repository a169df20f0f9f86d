package slugbuilder.detect;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.app.TextLines;

/**
 * An app's process types as Heroku has them: the Procfile's, and, when it has no web process
 * (or there is no Procfile), the web command of the platform's first {@code defaultWeb} rule
 * that holds, as a buildpack's default process types apply. A platform with no rule that
 * holds leaves a missing Procfile an error.
 */
public final class ProcessTypes {
    private static final String MATCH = "{match}";

    private final Procfile procfile;
    private final String note;

    private ProcessTypes(Procfile procfile, String note) {
        this.procfile = procfile;
        this.note = note;
    }

    /**
     * The process types of the app directory APP. ENV gives SLUGBUILDER_PLATFORMS (team
     * platforms), read only when the Procfile has no web process.
     */
    public static ProcessTypes read(AppDir app, Map<String, String> env) {
        Optional<Procfile> own = Procfile.readIfPresent(app);
        if (own.isPresent() && own.get().find(Procfile.WEB).isPresent()) {
            return new ProcessTypes(own.get(), null);
        }
        Optional<Platform> platform = AppPlatform.of(app, AppPlatform.catalog(env));
        return withDefaults(own, platform, app::readText)
                .orElseThrow(() ->
                        Procfile.missing(app, platform.map(Platform::process).orElse(null)));
    }

    /**
     * The process types of a slug: OWN is the Procfile inside it, if any; FILES reads the files
     * {@link #filesRead} names from its app directory. Empty when it has no Procfile and no default applies.
     */
    public static Optional<ProcessTypes> ofSlug(
            Optional<Procfile> own, Function<String, Optional<String>> files, PlatformCatalog catalog) {
        if (own.isPresent() && own.get().find(Procfile.WEB).isPresent()) {
            return Optional.of(new ProcessTypes(own.get(), null));
        }
        return withDefaults(own, AppPlatform.of(files, catalog), files);
    }

    /** The app's files the default process types can depend on, with CATALOG's platforms: the Dockerfile, detection's and the rules' files. */
    public static Set<String> filesRead(PlatformCatalog catalog) {
        Set<String> files = new LinkedHashSet<>();
        files.add(AppPlatform.DOCKERFILE);
        for (Platform platform : catalog.inOrder()) {
            files.addAll(platform.detect().files());
            platform.defaultWeb().forEach(rule -> rule.when().forEach(c -> files.add(c.file())));
        }
        return files;
    }

    /** What init says of an app without a Procfile built by PLATFORM: the default web that applies, or that one is needed. */
    public static String withoutProcfile(AppDir app, Platform platform) {
        return withDefaults(Optional.empty(), Optional.of(platform), app::readText)
                .flatMap(ProcessTypes::note)
                .orElse("no Procfile yet: 'start' and 'release' need one, e.g.  web: " + platform.process());
    }

    private static Optional<ProcessTypes> withDefaults(
            Optional<Procfile> own, Optional<Platform> platform, Function<String, Optional<String>> files) {
        Optional<DefaultCommand> web = platform.flatMap(p -> defaultWeb(p, files));
        if (web.isEmpty()) {
            return own.map(procfile -> new ProcessTypes(procfile, null));
        }
        String command = web.get().command();
        String why = own.isPresent() ? "the Procfile has no web process" : "no Procfile";
        String note = why + "; web runs " + platform.get().name() + "'s default"
                + (web.get().label() == null ? "" : " for " + web.get().label()) + " '" + command + "'";
        return Optional.of(new ProcessTypes(
                own.map(procfile -> procfile.withDefaultWeb(command)).orElseGet(() -> Procfile.defaultWebOnly(command)),
                note));
    }

    /** The web command of PLATFORM's first rule that holds for FILES. */
    static Optional<DefaultCommand> defaultWeb(Platform platform, Function<String, Optional<String>> files) {
        return firstHolding(platform.defaultWeb(), files);
    }

    /**
     * The test command {@code slugbuilder test} runs when app.json has no {@code scripts.test}:
     * the first {@code defaultTest} rule of APP's platform that holds, with the note that says
     * so. ENV gives SLUGBUILDER_PLATFORMS (team platforms). Empty when none applies.
     */
    public static Optional<DefaultTest> defaultTest(AppDir app, Map<String, String> env) {
        Optional<Platform> platform = AppPlatform.of(app, AppPlatform.catalog(env));
        return platform.flatMap(p -> firstHolding(p.defaultTest(), app::readText)
                .map(test -> new DefaultTest(
                        test.command(),
                        "no scripts.test in app.json; the tests run " + p.name() + "'s default"
                                + (test.label() == null ? "" : " for " + test.label()) + " '" + test.command()
                                + "'")));
    }

    /** A default test command and the note that says why it applies. */
    public record DefaultTest(String command, String note) {}

    private static Optional<DefaultCommand> firstHolding(
            List<Platform.DefaultWeb> rules, Function<String, Optional<String>> files) {
        for (Platform.DefaultWeb rule : rules) {
            String match = null;
            boolean holds = true;
            for (Platform.Condition condition : rule.when()) {
                Optional<String> found = check(condition, files);
                if (found.isEmpty()) {
                    holds = false;
                    break;
                }
                if (!found.get().isEmpty()) {
                    match = found.get();
                }
            }
            if (holds) {
                String command = match == null ? rule.command() : rule.command().replace(MATCH, match);
                return Optional.of(new DefaultCommand(command, rule.label()));
            }
        }
        return Optional.empty();
    }

    /** A web command and what its rule recognized (null for a platform's only default). */
    record DefaultCommand(String command, String label) {}

    /** Empty when CONDITION does not hold; else the line's group 1, or "" when there is none. */
    private static Optional<String> check(Platform.Condition condition, Function<String, Optional<String>> files) {
        Optional<String> text = files.apply(condition.file());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (condition.json() != null && !hasString(condition.file(), text.get(), condition.json())) {
            return Optional.empty();
        }
        if (condition.line() != null) {
            Pattern pattern = Pattern.compile(condition.line());
            for (String line : TextLines.of(text.get())) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Optional.of(m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "");
                }
            }
            return Optional.empty();
        }
        return Optional.of("");
    }

    /** Whether the JSON file FILE (TEXT) holds a non-empty string at POINTER; invalid JSON is the file's error. */
    private static boolean hasString(String file, String text, String pointer) {
        Object node =
                VersionReader.parse(file, text, "fix the syntax (`python3 -m json.tool " + file + "` shows where)");
        if (!(node instanceof Map)) {
            return false;
        }
        return JsonTree.at(node, pointer) instanceof String value && !value.isBlank();
    }

    /** Every process type, the default web (first) included. */
    public Procfile procfile() {
        return procfile;
    }

    /** Process type name to command, as the Platform API takes them. */
    public Map<String, String> processTypes() {
        return procfile.processTypes();
    }

    /** Which default applies and why, when one does: "no Procfile; web runs node's default 'npm start'". */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** The process types, in order. */
    public List<Procfile.Entry> entries() {
        return procfile.entries();
    }
}
