package slugbuilder.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.StreamingPipe;

/**
 * {@code POST /build}: the context streams as the request's chunked body, the engine's messages
 * are read as they arrive, a step's stray container is removed on Ctrl-C, and a failure names
 * the Dockerfile's line or the FROM image that could not be pulled.
 */
final class DockerBuild {
    private static final Pattern RUNNING_IN = Pattern.compile("^\\s*---> Running in ([0-9a-f]{12,64})$");
    // Docker's "Step 1/5 : FROM x", Podman's (buildah's) "STEP 1/5: FROM x"
    private static final Pattern STEP = Pattern.compile("^(?:Step \\d+/\\d+ :|STEP \\d+/\\d+:) (\\S+)\\s*(.*)$");
    private static final String BUILT = "Successfully built ";

    private final EngineHttp http;
    private final Cleanup cleanup;
    private final Consumer<String> removeContainer;

    DockerBuild(EngineHttp http, Cleanup cleanup, Consumer<String> removeContainer) {
        this.http = http;
        this.cleanup = cleanup;
        this.removeContainer = removeContainer;
    }

    /** Builds REQUEST, its output's lines to OUTPUT; returns the image's id. */
    String build(BuildRequest request, Consumer<String> output) {
        // Interrupted, the engine notices a build's client has gone only at the step's next
        // output, so a silent step's container would outlive us: remove it ourselves.
        AtomicReference<String> stepContainer = new AtomicReference<>();
        AtomicReference<String> fromInHand = new AtomicReference<>();
        Cleanup.Action removeStep = cleanup.add("the build step's container", () -> {
            String id = stepContainer.get();
            if (id != null) {
                removeContainer.accept(id);
            }
        });
        Consumer<String> watched = line -> {
            Matcher running = RUNNING_IN.matcher(line);
            if (running.find()) {
                stepContainer.set(running.group(1));
            }
            Matcher step = STEP.matcher(line);
            if (step.find()) {
                fromInHand.set(step.group(1).toUpperCase(Locale.ROOT).equals("FROM") ? fromImage(step.group(2)) : null);
            }
            output.accept(line);
        };
        try {
            return StreamingPipe.run(
                    "build-context", out -> writeContext(request, out), context -> send(request, context, watched));
        } catch (RuntimeException e) {
            if (e instanceof SlugbuilderException own
                    && !(e instanceof BuildFailedException)
                    && !Cleanup.shuttingDown()) {
                throw own; // the context's own failure (a file that vanished), worded already
            }
            throw http.errors()
                    .translate(
                            "build " + request.purpose(),
                            e,
                            new EngineErrors.BuildSite(request.dockerfile(), fromInHand.get()));
        } finally {
            if (!Cleanup.shuttingDown()) {
                cleanup.keep(removeStep); // a build that ended by itself removed its steps
            }
        }
    }

    /** A file that vanished while it was sent is the app's problem (exit 3, naming it), not a lost engine. */
    private static void writeContext(BuildRequest request, OutputStream out) throws IOException {
        try {
            request.context().writeTo(out);
        } catch (NoSuchFileException gone) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "cannot send the build context: " + gone.getMessage() + " was removed meanwhile",
                    "a file that changes while the build starts (removed, still growing) cannot be sent: try again once it has settled",
                    gone);
        }
    }

    private String send(BuildRequest request, InputStream context, Consumer<String> output) {
        DockerHttpClient.Request.Builder post = DockerHttpClient.Request.builder()
                .method("POST")
                .path(path(request))
                .putHeader("Content-Type", "application/x-tar")
                .body(context);
        RegistryCredentials.buildHeader().ifPresent(header -> post.putHeader("X-Registry-Config", header));
        // the action's words are given by build(), which knows the Dockerfile's site
        try (DockerHttpClient.Response response = http.openRaw(post.build());
                InputStream body = response.getBody()) {
            if (response.getStatusCode() / 100 != 2) {
                throw new EngineRefusal(
                        response.getStatusCode(), new String(EngineHttp.readReply(body), StandardCharsets.UTF_8));
            }
            return read(body, output);
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
        if (request.target() != null) {
            param(path, "target", request.target()); // heroku.yml's build.docker.<type>.target
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
        String[] id = {null};
        String error;
        try {
            error = EngineMessages.readUntilEnd(messages, message -> {
                if (message.stream() != null) {
                    Lines.emit(partial, message.stream(), output);
                    if (message.stream().startsWith(BUILT)) {
                        id[0] = message.stream().substring(BUILT.length()).strip();
                    }
                }
            });
        } finally {
            Lines.emit(partial, "\n", output);
        }
        if (error != null || id[0] == null) {
            throw new BuildFailedException(
                    "build failed: " + (error != null ? error : "the engine's reply ended without an image"),
                    "the output above shows the failing step");
        }
        return id[0];
    }

    /** The image of "FROM [--platform=...] IMAGE [AS name]". */
    private static String fromImage(String arguments) {
        for (String word : arguments.split("\\s+")) {
            if (!word.startsWith("--") && !word.isEmpty()) {
                return word;
            }
        }
        return null;
    }

    private static void param(StringBuilder path, String name, String value) {
        path.append('&').append(name).append('=').append(EngineHttp.query(value));
    }
}
