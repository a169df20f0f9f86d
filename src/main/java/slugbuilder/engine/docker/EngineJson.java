package slugbuilder.engine.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import slugbuilder.engine.ContainerSpec;

/**
 * The Engine API's JSON for the requests {@link EngineHttp} sends, written and read with
 * jackson-core's streaming API, which starts in a few milliseconds where databind takes ~0.1 s.
 */
final class EngineJson {
    private static final JsonFactory JSON = new JsonFactory();

    private EngineJson() {}

    /**
     * The body of {@code POST /containers/create} for SPEC: the process, its environment and
     * labels; the engine's init as PID 1, which passes SIGTERM on to the process as a dyno's does
     * (a process that is PID 1 itself has the kernel ignore SIGTERM); ports published on
     * 127.0.0.1 only; stdin only with a terminal, where Ctrl-D ends the input inside the
     * container (a piped stdin's end would need a half-close of the attach connection).
     */
    static byte[] createBody(ContainerSpec spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("Image", spec.image());
            strings(out, "Cmd", spec.command());
            strings(out, "Env", spec.env());
            strings(out, "Labels", spec.labels());
            out.writeBooleanField("Tty", spec.terminal());
            out.writeBooleanField("AttachStdout", true);
            out.writeBooleanField("AttachStderr", true);
            if (spec.terminal()) {
                out.writeBooleanField("AttachStdin", true);
                out.writeBooleanField("OpenStdin", true);
                out.writeBooleanField("StdinOnce", true);
            }
            if (spec.user() != null) {
                out.writeStringField("User", spec.user());
            }
            if (spec.workingDir() != null) {
                out.writeStringField("WorkingDir", spec.workingDir());
            }
            if (!spec.ports().isEmpty()) {
                out.writeObjectFieldStart("ExposedPorts");
                for (Integer port : spec.ports().keySet()) {
                    out.writeObjectFieldStart(port + "/tcp");
                    out.writeEndObject();
                }
                out.writeEndObject();
            }
            hostConfig(out, spec);
            if (spec.network() != null && !spec.network().aliases().isEmpty()) {
                out.writeObjectFieldStart("NetworkingConfig");
                out.writeObjectFieldStart("EndpointsConfig");
                out.writeObjectFieldStart(spec.network().name());
                strings(out, "Aliases", spec.network().aliases());
                out.writeEndObject();
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void hostConfig(JsonGenerator out, ContainerSpec spec) throws IOException {
        out.writeObjectFieldStart("HostConfig");
        out.writeBooleanField("Init", true);
        if (!spec.ports().isEmpty()) {
            out.writeObjectFieldStart("PortBindings");
            for (Map.Entry<Integer, Integer> port : spec.ports().entrySet()) {
                out.writeArrayFieldStart(port.getKey() + "/tcp");
                out.writeStartObject();
                out.writeStringField("HostIp", "127.0.0.1");
                out.writeStringField("HostPort", String.valueOf(port.getValue()));
                out.writeEndObject();
                out.writeEndArray();
            }
            out.writeEndObject();
        }
        if (!spec.binds().isEmpty() || !spec.volumes().isEmpty()) {
            out.writeArrayFieldStart("Binds");
            // a named volume travels as a bind whose source is the volume's name
            for (Map<String, String> binds : List.of(spec.binds(), spec.volumes())) {
                for (Map.Entry<String, String> bind : binds.entrySet()) {
                    out.writeString(bind.getKey() + ":" + bind.getValue());
                }
            }
            out.writeEndArray();
        }
        if (spec.network() != null) {
            out.writeStringField("NetworkMode", spec.network().name());
        }
        if (spec.memory() != null) {
            out.writeNumberField("Memory", spec.memory().quotaBytes());
            out.writeNumberField("MemorySwap", spec.memory().limitBytes());
        }
        out.writeEndObject();
    }

    private static void strings(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static void strings(JsonGenerator out, String field, Map<String, String> values) throws IOException {
        out.writeFieldName(field);
        object(out, values);
    }

    private static void object(JsonGenerator out, Map<String, String> values) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, String> value : values.entrySet()) {
            out.writeStringField(value.getKey(), value.getValue());
        }
        out.writeEndObject();
    }

    /** VALUES as one JSON object of strings (a build's labels or arguments in its query). */
    static String object(Map<String, String> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            object(out, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The string value of the top-level FIELD of a JSON object, or null. */
    static String field(byte[] json, String field) {
        try (JsonParser in = JSON.createParser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return in.getText();
                }
                in.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // not JSON: the caller says what it expected
        }
    }

    /** A JSON object as maps, lists, strings, booleans and numbers (JSON's null is null); empty when it is not one. */
    static Map<String, Object> tree(byte[] json) {
        try (JsonParser in = JSON.createParser(json)) {
            return in.nextToken() == JsonToken.START_OBJECT ? object(in) : Map.of();
        } catch (IOException e) {
            return Map.of(); // not JSON: the caller says what it expected
        }
    }

    /** The objects of a JSON array (a listing's reply); empty when it is not one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(byte[] json) {
        try (JsonParser in = JSON.createParser(json)) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                return List.of();
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (JsonToken item = in.nextToken(); item != JsonToken.END_ARRAY; item = in.nextToken()) {
                if (value(in, item) instanceof Map<?, ?> map) {
                    objects.add((Map<String, Object>) map);
                }
            }
            return objects;
        } catch (IOException e) {
            return List.of(); // not JSON: the caller says what it expected
        }
    }

    /** A listing's {@code filters} query value that keeps what carries all of LABELS ({"label":["k=v",...]}). */
    static String labelFilter(Map<String, String> labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("label");
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                out.writeString(label.getKey() + "=" + label.getValue());
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Whether a listed object (an image, a volume) carries all of LABELS in its {@code Labels}:
     * the engine's filter is checked again, as Podman 4 ORs a volume listing's label filters.
     */
    static boolean carries(Map<String, Object> listed, Map<String, String> labels) {
        Map<String, Object> own = objectAt(listed, "Labels");
        return labels.entrySet().stream().allMatch(label -> label.getValue().equals(own.get(label.getKey())));
    }

    /** TEXT as a JSON string, quotes included. */
    static String quoted(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() + 2);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A JSON object of VALUES, written by WRITER into bytes (a request's small body). */
    static byte[] body(JsonWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            writer.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** Writes fields into an open JSON object. */
    interface JsonWriter {
        void write(JsonGenerator out) throws IOException;
    }

    /** Writes VALUES as the object field FIELD. */
    static void stringMap(JsonGenerator out, String field, Map<String, String> values) throws IOException {
        strings(out, field, values);
    }

    /** Writes VALUES as the array field FIELD. */
    static void stringList(JsonGenerator out, String field, List<String> values) throws IOException {
        strings(out, field, values);
    }

    private static Map<String, Object> object(JsonParser in) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            object.put(name, value(in, in.nextToken()));
        }
        return object;
    }

    private static Object value(JsonParser in, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                return object(in);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken item = in.nextToken(); item != JsonToken.END_ARRAY; item = in.nextToken()) {
                    list.add(value(in, item));
                }
                return list;
            case VALUE_STRING:
                return in.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return in.getNumberValue();
            default:
                return null;
        }
    }

    /** The object at KEY in OBJECT; empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> objectAt(Map<String, Object> object, String key) {
        return object.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The strings of the array at KEY in OBJECT; empty when absent or null. */
    static List<String> stringsAt(Map<String, Object> object, String key) {
        return object.get(key) instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    /** The string at KEY in OBJECT, or "" when absent or null. */
    static String stringAt(Map<String, Object> object, String key) {
        return object.get(key) instanceof String text ? text : "";
    }
}
