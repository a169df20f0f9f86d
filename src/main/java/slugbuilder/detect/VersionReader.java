package slugbuilder.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.JsonWording;

/** Reads the version an app asks for from one {@link Platform.VersionSource}. */
final class VersionReader {
    private static final JsonFactory LINES = new JsonFactory();

    private VersionReader() {}

    static Optional<RequestedVersion> read(AppDir app, Platform.VersionSource source) {
        return source.json() != null ? fromJson(app, source) : fromLines(app, source);
    }

    private static Optional<RequestedVersion> fromJson(AppDir app, Platform.VersionSource source) {
        Optional<String> text = app.readText(source.file());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Object node = parse(
                source.file(),
                text.get(),
                "fix the syntax ("
                        + (source.file().endsWith(".json")
                                ? "`node -e 'require(\"./" + source.file() + "\")'`"
                                : "`python3 -m json.tool " + source.file() + "`")
                        + " shows where)");
        if (!(node instanceof Map)) {
            boolean empty = node == JsonTree.MISSING;
            throw SlugbuilderException.badFile(
                    source.file(), 0, empty ? "is empty" : "is not a JSON object", "write a JSON object, at least {}");
        }
        // a parent that is not an object ("engines": "20") would hide the value: say so instead of using a default
        String[] steps = source.json().substring(1).split("/");
        Object parent = node;
        for (int i = 0; i < steps.length - 1; i++) {
            Object next = ((Map<?, ?>) parent).get(steps[i]);
            if (next == null || next == JsonTree.NULL || (next instanceof List<?> array && array.isEmpty())) {
                break; // absent; PHP writes an empty object as [] ("require": [])
            }
            if (!(next instanceof Map)) {
                String pointer = "/" + String.join("/", Arrays.copyOfRange(steps, 0, i + 1));
                throw SlugbuilderException.badFile(
                        source.file(),
                        lineOf(text.get(), pointer),
                        pointer.substring(1).replace('/', '.') + " must be an object, not " + JsonTree.typeName(next),
                        "write it as " + source.example());
            }
            parent = next;
        }
        Object value = JsonTree.at(node, source.json());
        if (value == JsonTree.MISSING || value == JsonTree.NULL) {
            return Optional.empty();
        }
        String field = source.json().substring(1).replace('/', '.');
        int line = lineOf(text.get(), source.json());
        if (!(value instanceof String version)) {
            throw SlugbuilderException.badFile(
                    source.file(),
                    line,
                    field + " must be a string, not " + JsonTree.typeName(value),
                    "write it as " + source.example());
        }
        return Optional.of(new RequestedVersion(version.trim(), source.file(), line, label(source)));
    }

    /**
     * The JSON value of the app's FILE (TEXT), {@link JsonTree#MISSING} when empty; invalid JSON is
     * FILE's error, with HINT, in the words databind has always given (it reads TEXT again for them).
     */
    static Object parse(String file, String text, String hint) {
        try {
            return JsonTree.parse(text);
        } catch (JsonProcessingException parsed) {
            JsonProcessingException e = DatabindJson.appFileProblem(text, parsed);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw SlugbuilderException.badFile(file, line, "invalid JSON: " + jsonProblem(e), hint);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string has no I/O to fail
        }
    }

    private static Optional<RequestedVersion> fromLines(AppDir app, Platform.VersionSource source) {
        Optional<List<String>> lines = app.readLines(source.file());
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Pattern pattern = Pattern.compile(source.line());
        List<String> all = lines.get();
        for (int i = 0; i < all.size(); i++) {
            Matcher m = pattern.matcher(all.get(i));
            if (m.find()) {
                return Optional.of(new RequestedVersion(m.group(1).trim(), source.file(), i + 1, label(source)));
            }
        }
        if (source.whole()) {
            throw SlugbuilderException.badFile(
                    source.file(),
                    firstContentLine(all),
                    "does not hold a version",
                    "write only the version, e.g. " + source.example() + ", or delete the file to use the default");
        }
        return Optional.empty();
    }

    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).strip().startsWith("#")) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Jackson's own words, without its notes on where the source is and on its own settings. */
    static String jsonProblem(JsonProcessingException e) {
        return JsonWording.problem(e);
    }

    private static String label(Platform.VersionSource source) {
        return source.label() != null ? source.label() : source.file();
    }

    /** The line on which the value at a JSON pointer starts, or 0; for messages only. */
    static int lineOf(String json, String pointer) {
        try (JsonParser parser = LINES.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME
                        && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
