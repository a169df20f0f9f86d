package slugbuilder.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON text as plain values: {@link Map} (in file order), {@link List}, {@link String},
 * {@link Number}, {@link Boolean} and {@link #NULL}, read with jackson-core's streaming parser.
 * Init reads the platform files and an app's package.json once; jackson-databind's first use (its
 * ObjectMapper and the deserializers it builds by reflection) took longer than all the reading.
 * Whatever this reader refuses, databind reads again, for the errors users have always seen.
 */
final class JsonTree {
    /** JSON's null, so that a map's null stays "absent". */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** What an empty text (or a pointer that leads nowhere) holds. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "missing";
        }
    };

    private static final JsonFactory TREES = new JsonFactory();
    // a record's field given twice is left to databind, which decides which one counts
    private static final JsonFactory RECORDS = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTree() {}

    /** TEXT's one top-level value, or {@link #MISSING} when it holds none; a later object key replaces an earlier one. */
    static Object parse(String text) throws IOException {
        try (JsonParser parser = TREES.createParser(text)) {
            return document(parser);
        }
    }

    /** A data file's value (the encoding detected as databind does); a key given twice is an error. */
    static Object parseRecord(byte[] bytes) throws IOException {
        try (JsonParser parser = RECORDS.createParser(bytes)) {
            return document(parser);
        }
    }

    /** A data file's value; a key given twice is an error. */
    static Object parseRecord(String text) throws IOException {
        try (JsonParser parser = RECORDS.createParser(text)) {
            return document(parser);
        }
    }

    private static Object document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MISSING;
        }
        Object value = value(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "Trailing token after the top-level value");
        }
        return value;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue(); // checks the number as databind's tree would
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonParseException(parser, "Unexpected token " + token);
        }
    }

    /** The value at the JSON pointer POINTER, as databind's {@code JsonNode.at} finds it, or {@link #MISSING}. */
    static Object at(Object root, String pointer) {
        Object node = root;
        for (JsonPointer p = JsonPointer.compile(pointer); !p.matches(); p = p.tail()) {
            Object next = null;
            if (node instanceof Map<?, ?> object) {
                next = object.get(p.getMatchingProperty());
            } else if (node instanceof List<?> array) {
                int index = p.getMatchingIndex();
                next = index >= 0 && index < array.size() ? array.get(index) : null;
            }
            if (next == null) {
                return MISSING;
            }
            node = next;
        }
        return node;
    }

    /** The JSON type of VALUE as users know it: "string", "number", "object", ... */
    static String typeName(Object value) {
        if (value instanceof Map) {
            return "object";
        } else if (value instanceof List) {
            return "array";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        }
        return value == NULL ? "null" : "missing";
    }
}
