package slugbuilder.appjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.JsonWording;

/**
 * A JSON value with the line it starts on, so every app.json message can name its line. VALUE is a
 * {@code Map<String, Located>} (in file order), a {@code List<Located>}, a String, a Number, a
 * Boolean, or null for JSON's null.
 */
record Located(Object value, int line) {
    // a key given twice is an error: which one Heroku would take is not something to guess
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** FILE's TEXT, which must hold one JSON object. */
    static Located parseObject(String file, String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw SlugbuilderException.badFile(
                        file,
                        first == null ? 0 : line(parser),
                        "is not a JSON object",
                        "app.json holds one object: {…}");
            }
            Located root = read(parser, first);
            if (parser.nextToken() != null) {
                throw SlugbuilderException.badFile(
                        file, line(parser), "has text after its object", "remove what follows the closing }");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw SlugbuilderException.badFile(
                    file, line, "invalid JSON: " + JsonWording.problem(e), "fix the JSON syntax");
        } catch (IOException e) {
            throw SlugbuilderException.badFile(file, 0, "cannot be read: " + e.getMessage(), "check the file");
        }
    }

    private static Located read(JsonParser parser, JsonToken token) throws IOException {
        int line = line(parser);
        switch (token) {
            case START_OBJECT: {
                Map<String, Located> object = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    object.put(name, read(parser, parser.nextToken()));
                }
                return new Located(Collections.unmodifiableMap(object), line);
            }
            case START_ARRAY: {
                List<Located> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(read(parser, next));
                }
                return new Located(Collections.unmodifiableList(array), line);
            }
            case VALUE_STRING:
                return new Located(parser.getText(), line);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Located(parser.getNumberValue(), line);
            case VALUE_TRUE:
                return new Located(Boolean.TRUE, line);
            case VALUE_FALSE:
                return new Located(Boolean.FALSE, line);
            case VALUE_NULL:
                return new Located(null, line);
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    boolean isObject() {
        return value instanceof Map;
    }

    boolean isArray() {
        return value instanceof List;
    }

    boolean isString() {
        return value instanceof String;
    }

    boolean isNull() {
        return value == null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Located> object() {
        return (Map<String, Located>) value;
    }

    @SuppressWarnings("unchecked")
    List<Located> array() {
        return (List<Located>) value;
    }

    String text() {
        return (String) value;
    }

    /** The value as JSON shows it, for messages: strings quoted. */
    String shown() {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (isObject()) {
            return "an object";
        }
        if (isArray()) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
