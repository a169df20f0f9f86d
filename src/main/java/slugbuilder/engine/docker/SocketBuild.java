package slugbuilder.engine.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;

/**
 * {@code POST /build} over the engine's unix socket, as docker-java's build sends it: the context
 * streams as the request's chunked body, and the engine's JSON messages are read as they
 * arrive. Setting docker-java up before the build cost a warm restart 0.2 s of its 1.7 s, and
 * the restart's other requests need none of it.
 */
final class SocketBuild {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String BUILT = "Successfully built ";

    private SocketBuild() {}

    /** Builds REQUEST, its output's lines to OUTPUT; the image's id as the engine's last words name it. */
    static String run(Path socket, BuildRequest request, Consumer<String> output) {
        try {
            UnixSocketHttp.Response response =
                    UnixSocketHttp.upload(socket, "POST", path(request), "application/x-tar", out -> request.context()
                            .writeTo(out));
            try (InputStream body = response.body()) {
                if (response.status() / 100 != 2) {
                    throw EngineHttp.refusal(
                            response.status(), new String(EngineHttp.readReply(body), StandardCharsets.UTF_8));
                }
                return read(body, output);
            }
        } catch (UnixSocketHttp.BodyFailedException e) {
            Throwable cause = e.getCause();
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "cannot send the build context: "
                            + (cause instanceof NoSuchFileException
                                    ? cause.getMessage() + " was removed meanwhile"
                                    : cause.getMessage()),
                    "a file that changes while the build starts (removed, still growing) cannot be sent: try again once it has settled",
                    cause);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's path and query, with what docker-java sends for the same build. */
    static String path(BuildRequest request) {
        StringBuilder path = new StringBuilder("/build?rm=true&forcerm=true");
        if (!request.dockerfile().equals("Dockerfile")) {
            param(path, "dockerfile", request.dockerfile());
        }
        for (String tag : request.tags()) {
            param(path, "t", tag);
        }
        if (!request.buildArgs().isEmpty()) {
            param(path, "buildargs", EngineJson.object(request.buildArgs()));
        }
        if (!request.labels().isEmpty()) {
            param(path, "labels", EngineJson.object(request.labels()));
        }
        if (request.network() != null) {
            param(path, "networkmode", request.network());
        }
        if (request.platform() != null) {
            param(path, "platform", request.platform());
        }
        return path.toString();
    }

    /**
     * Reads the build's messages: each {@code stream} text goes to OUTPUT line by line. Returns
     * the id of "Successfully built ID"; an {@code error} message fails the build, as does an end
     * without either.
     */
    static String read(InputStream messages, Consumer<String> output) throws IOException {
        StringBuilder partial = new StringBuilder();
        String id = null;
        String error = null;
        try (JsonParser in = JSON.createParser(messages)) {
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    in.skipChildren();
                    continue;
                }
                Message message = message(in);
                if (message.error() != null) {
                    error = message.error();
                } else if (message.stream() != null) {
                    DockerJavaEngine.emitLines(partial, message.stream(), output);
                    if (message.stream().startsWith(BUILT)) {
                        id = message.stream().substring(BUILT.length()).strip();
                    }
                }
            }
        } finally {
            DockerJavaEngine.emitLines(partial, "\n", output);
        }
        if (error != null || id == null) {
            throw new BuildFailedException(
                    "build failed: " + (error != null ? error : "the engine's reply ended without an image"),
                    "the output above shows the failing step");
        }
        return id;
    }

    private record Message(String stream, String error) {}

    /** One message, the parser at its opening brace; an errorDetail's message stands for a missing error. */
    private static Message message(JsonParser in) throws IOException {
        String stream = null;
        String error = null;
        String detail = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            if (value == JsonToken.VALUE_STRING && name.equals("stream")) {
                stream = in.getText();
            } else if (value == JsonToken.VALUE_STRING && name.equals("error")) {
                error = in.getText();
            } else if (value == JsonToken.START_OBJECT && name.equals("errorDetail")) {
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String field = in.currentName();
                    if (in.nextToken() == JsonToken.VALUE_STRING && field.equals("message")) {
                        detail = in.getText();
                    } else {
                        in.skipChildren();
                    }
                }
            } else {
                in.skipChildren();
            }
        }
        return new Message(stream, error != null ? error : detail);
    }

    private static void param(StringBuilder path, String name, String value) {
        path.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
