package slugbuilder.engine.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The stream of JSON messages the engine answers a build, a pull, a push or an import with,
 * read as they arrive with jackson-core's streaming parser.
 */
final class EngineMessages {
    private static final JsonFactory JSON = new JsonFactory();

    private EngineMessages() {}

    /**
     * One message; absent fields are null (numbers 0).
     *
     * @param stream  a build's output text
     * @param error   what failed ({@code error}, else {@code errorDetail.message})
     * @param current {@code progressDetail.current}, bytes done
     * @param total   {@code progressDetail.total}, bytes in all
     * @param progress whether it carried a {@code progressDetail} with figures
     * @param auxId   {@code aux.ID}: a build's image id
     */
    record Message(
            String stream,
            String status,
            String id,
            String error,
            long current,
            long total,
            boolean progress,
            String auxId) {}

    /** Reads IN to its end, each message to SINK. */
    static void read(InputStream in, Consumer<Message> sink) throws IOException {
        try (JsonParser parser = JSON.createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    sink.accept(message(parser));
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    /** The first error among the messages of IN, or null; the others go to SINK. */
    static String readUntilEnd(InputStream in, Consumer<Message> sink) throws IOException {
        String[] error = {null};
        read(in, message -> {
            if (message.error() != null) {
                if (error[0] == null) {
                    error[0] = message.error();
                }
            } else {
                sink.accept(message);
            }
        });
        return error[0];
    }

    private static Message message(JsonParser in) throws IOException {
        String stream = null;
        String status = null;
        String id = null;
        String error = null;
        String detail = null;
        String auxId = null;
        long current = 0;
        long total = 0;
        boolean progress = false;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "stream" -> stream = in.getText();
                    case "status" -> status = in.getText();
                    case "id" -> id = in.getText();
                    case "error" -> error = in.getText();
                    default -> {}
                }
            } else if (value == JsonToken.START_OBJECT) {
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String field = in.currentName();
                    JsonToken inner = in.nextToken();
                    if (name.equals("errorDetail") && field.equals("message") && inner == JsonToken.VALUE_STRING) {
                        detail = in.getText();
                    } else if (name.equals("aux") && field.equals("ID") && inner == JsonToken.VALUE_STRING) {
                        auxId = in.getText();
                    } else if (name.equals("progressDetail") && inner == JsonToken.VALUE_NUMBER_INT) {
                        progress = true;
                        if (field.equals("current")) {
                            current = in.getLongValue();
                        } else if (field.equals("total")) {
                            total = in.getLongValue();
                        }
                    } else {
                        in.skipChildren();
                    }
                }
            } else {
                in.skipChildren();
            }
        }
        return new Message(stream, status, id, error != null ? error : detail, current, total, progress, auxId);
    }
}
