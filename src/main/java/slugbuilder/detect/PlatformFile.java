package slugbuilder.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.TextLines;

/**
 * A team's platform: {@code <name>.json} in a platforms directory, in the built-in schema, read
 * strictly. Anything wrong is reported as one error naming the file and, where known, the line:
 * the built-in files are checked by the tests, a team's only here.
 */
final class PlatformFile {
    private static final String HINT = "fix it, or take a file under platforms/ in slugbuilder's sources as a model";

    private final Path file;
    private final String text;

    private PlatformFile(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * @param templateExists whether a template of that name ({@code <name>.Dockerfile}) can be rendered
     * @param inventoryExists whether a version inventory of that name can be read
     */
    static Platform read(Path file, Predicate<String> templateExists, Predicate<String> inventoryExists) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SlugbuilderException.badFile(
                    file.toString(), 0, "cannot be read: " + e.getMessage(), "check its permissions");
        }
        return new PlatformFile(file, TextLines.withoutBom(text)).parse(templateExists, inventoryExists);
    }

    private Platform parse(Predicate<String> templateExists, Predicate<String> inventoryExists) {
        Platform platform = bindByHand().orElseGet(this::bindWithDatabind);
        if (platform == null) {
            throw bad(0, "is empty", HINT);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        require(platform.name(), "/name", "the platform's name, the file's name without .json (\"" + stem + "\")");
        if (!platform.name().equals(stem)) {
            throw bad(
                    lineOf("/name"),
                    "name is \"" + platform.name() + "\", but the file is " + stem + ".json",
                    "name the file " + platform.name() + ".json, or the platform " + stem);
        }
        require(platform.title(), "/title", "the name shown to users, e.g. \"Perl\"");
        require(platform.process(), "/process", "the suggested Procfile command, e.g. \"bin/web\"");
        require(
                platform.template(),
                "/template",
                "the template's name: \"" + stem + "\" renders " + stem + ".Dockerfile.mustache");
        if (!templateExists.test(platform.template())) {
            throw bad(
                    lineOf("/template"),
                    "template \"" + platform.template() + "\": there is no " + platform.template()
                            + ".Dockerfile.mustache beside it, nor a built-in one",
                    "add that file to " + file.getParent());
        }
        checkRuntimes(platform, inventoryExists);
        checkDefaults(platform.defaultWeb(), "defaultWeb", "the web command, e.g. \"bin/web\"");
        checkDefaults(platform.defaultTest(), "defaultTest", "the test command, e.g. \"npm test\"");
        return platform;
    }

    /** The platform of a file exactly in the schema, without databind (whose first use costs init most). */
    private Optional<Platform> bindByHand() {
        try {
            return PlatformJson.platform(JsonTree.parseRecord(text));
        } catch (IOException e) {
            return Optional.empty(); // databind says what is wrong
        }
    }

    /** The platform as databind reads it, null for the text "null"; a file it refuses is reported in its words. */
    private Platform bindWithDatabind() {
        try {
            return DatabindJson.TEAM_PLATFORM.readValue(text, Platform.class);
        } catch (UnrecognizedPropertyException e) {
            throw bad(
                    lineOf(pointer(e), line(e)),
                    "unknown field '" + path(e) + "'",
                    "the fields are: "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toList()));
        } catch (JsonMappingException e) {
            String where = path(e);
            throw bad(
                    lineOf(pointer(e), line(e)),
                    (where.isEmpty() ? "" : where + ": ")
                            + VersionReader.jsonProblem(e)
                                    .replaceAll("`[a-zA-Z.$]*slugbuilder\\.detect\\.([A-Za-z.$]+)`", "$1"),
                    HINT);
        } catch (JsonProcessingException e) {
            throw bad(line(e), "invalid JSON: " + VersionReader.jsonProblem(e), HINT);
        }
    }

    private void checkDefaults(List<Platform.DefaultWeb> rules, String field, String commandHint) {
        for (int i = 0; i < rules.size(); i++) {
            String at = "/" + field + "/" + i;
            require(rules.get(i).command(), at + "/command", commandHint);
            List<Platform.Condition> when = rules.get(i).when();
            for (int j = 0; j < when.size(); j++) {
                Platform.Condition condition = when.get(j);
                String conditionAt = at + "/when/" + j;
                require(condition.file(), conditionAt + "/file", "the app's file the condition is about");
                if (condition.json() != null && !condition.json().startsWith("/")) {
                    throw bad(
                            lineOf(conditionAt + "/json"),
                            field(conditionAt + "/json") + " must be a JSON pointer",
                            "write it as \"/scripts/start\"");
                }
                if (condition.line() != null) {
                    compile(condition.line(), conditionAt + "/line");
                }
            }
        }
    }

    private void checkRuntimes(Platform platform, Predicate<String> inventoryExists) {
        List<Platform.Runtime> runtimes = platform.runtimes();
        for (int i = 0; i < runtimes.size(); i++) {
            Platform.Runtime runtime = runtimes.get(i);
            String at = "/runtimes/" + i;
            require(runtime.name(), at + "/name", "the name templates use, as in {{runtimes.NAME}}");
            require(runtime.defaultVersion(), at + "/defaultVersion", "the version used when the app names none");
            if (runtime.inventory() != null) {
                if (!inventoryExists.test(runtime.inventory())) {
                    throw bad(
                            lineOf(at + "/inventory"),
                            "runtimes[" + i + "].inventory \"" + runtime.inventory() + "\": there is no versions/"
                                    + runtime.inventory() + ".json beside it, nor a built-in one",
                            "add versions/" + runtime.inventory()
                                    + ".json (the built-in schema) or use \"pattern\" instead");
                }
            } else {
                require(
                        runtime.pattern(),
                        at + "/pattern",
                        "a regular expression versions must match (or an \"inventory\")");
                compile(runtime.pattern(), at + "/pattern");
            }
            for (int j = 0; j < runtime.sources().size(); j++) {
                Platform.VersionSource source = runtime.sources().get(j);
                String sourceAt = at + "/sources/" + j;
                require(source.file(), sourceAt + "/file", "the app's file that states the version");
                if (source.json() != null) {
                    if (!source.json().startsWith("/")) {
                        throw bad(
                                lineOf(sourceAt + "/json"),
                                field(sourceAt + "/json") + " must be a JSON pointer",
                                "write it as \"/engines/node\"");
                    }
                } else {
                    require(
                            source.line(),
                            sourceAt + "/line",
                            "a regular expression whose group 1 is the version (or \"json\")");
                    if (compile(source.line(), sourceAt + "/line").matcher("").groupCount() < 1) {
                        throw bad(
                                lineOf(sourceAt + "/line"),
                                field(sourceAt + "/line") + " has no group",
                                "put the version in parentheses: group 1 is the version");
                    }
                }
            }
        }
    }

    private Pattern compile(String regex, String pointer) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw bad(lineOf(pointer), field(pointer) + " is not a regular expression: " + e.getDescription(), HINT);
        }
    }

    private void require(String value, String pointer, String what) {
        if (value == null || value.isBlank()) {
            int line = lineOf(pointer);
            throw bad(
                    line,
                    field(pointer) + " is missing",
                    "add \"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\": " + what);
        }
    }

    private SlugbuilderException bad(int line, String problem, String hint) {
        return SlugbuilderException.badFile(file.toString(), line, problem, hint);
    }

    private int lineOf(String pointer) {
        int line = VersionReader.lineOf(text, pointer);
        // a missing field: the enclosing object's line
        return line > 0 || pointer.lastIndexOf('/') <= 0
                ? line
                : lineOf(pointer.substring(0, pointer.lastIndexOf('/')));
    }

    /** The line of the value at POINTER, else FALLBACK (where the parser stopped). */
    private int lineOf(String pointer, int fallback) {
        int line = pointer.isEmpty() ? 0 : VersionReader.lineOf(text, pointer);
        return line > 0 ? line : fallback;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/')
                    .append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return pointer.toString();
    }

    /** "/runtimes/0/sources/1/line" as "runtimes[0].sources[1].line". */
    private static String field(String pointer) {
        return pointer.substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.');
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
