package slugbuilder.engine.docker;

import static slugbuilder.engine.docker.EngineHttp.pathOf;
import static slugbuilder.engine.docker.EngineHttp.query;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Containers;
import slugbuilder.engine.ExitState;
import slugbuilder.engine.RunResult;
import slugbuilder.engine.docker.EngineHttp.Action;

/**
 * The engine's containers, named in messages by the role their spec gave them ("the web.1
 * container"), or by their short id when another command made them.
 */
final class DockerContainers implements Containers {
    private final EngineHttp http;
    private final Map<String, String> roles = new ConcurrentHashMap<>();
    private final Set<Closeable> following = ConcurrentHashMap.newKeySet(); // streams read until their container ends
    private volatile boolean closed;

    DockerContainers(EngineHttp http) {
        this.http = http;
    }

    @Override
    public String create(ContainerSpec spec) {
        Action action = Action.of("create " + spec.role());
        byte[] reply = http.call(action, "POST", "/containers/create", EngineJson.createBody(spec));
        String id = EngineJson.field(reply, "Id");
        if (id == null) {
            throw http.failed(
                    action,
                    new EngineRefusal(
                            500,
                            "the engine's reply to a create names no container: "
                                    + new String(reply, StandardCharsets.UTF_8)));
        }
        roles.put(id, spec.role());
        return id;
    }

    @Override
    public void start(String id) {
        http.call(Action.of("start " + role(id)), "POST", container(id) + "/start", null);
    }

    /** Attaches OUT and ERR, and IN when given (its end half-closes the input), before the container starts. */
    @Override
    public Attachment attach(String id, InputStream in, OutputStream out, OutputStream err) {
        Action action = Action.of("attach to " + role(id));
        boolean terminal = terminal(action, id);
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method("POST")
                .path(container(id) + "/attach?stream=1&stdout=1&stderr=1" + (in != null ? "&stdin=1" : ""));
        if (in != null) {
            request.hijackedInput(in);
        }
        DockerHttpClient.Response response = http.open(action, request.build());
        following.add(response);
        Thread reader = new Thread(
                () -> {
                    try (InputStream body = response.getBody()) {
                        LogFrames.read(body, terminal, (stream, payload) -> {
                            OutputStream target = stream == LogFrames.STDERR ? err : out;
                            try {
                                target.write(payload);
                                target.flush();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    } catch (IOException | UncheckedIOException ended) {
                        // the connection was closed, or the output's reader went away
                    } finally {
                        following.remove(response);
                    }
                },
                "attach-output");
        reader.setDaemon(true);
        reader.start();
        return new Attachment() {
            @Override
            public void awaitEnd(Duration timeout) {
                try {
                    reader.join(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    @Override
    public int waitFor(String id) {
        byte[] reply = http.call(Action.of("wait for " + role(id)), "POST", container(id) + "/wait", null);
        return EngineJson.tree(reply).get("StatusCode") instanceof Number code ? code.intValue() : -1;
    }

    @Override
    public void signal(String id, String signal) {
        http.call(
                Action.of("send SIG" + signal + " to " + role(id)),
                "POST",
                container(id) + "/kill?signal=" + query(signal),
                null);
    }

    @Override
    public boolean isRunning(String id) {
        return inspection(Action.of("inspect " + role(id)), id)
                .map(json ->
                        Boolean.TRUE.equals(EngineJson.objectAt(json, "State").get("Running")))
                .orElse(false);
    }

    @Override
    public Optional<ExitState> exitState(String id) {
        return inspection(Action.of("inspect " + role(id)), id)
                .map(json -> EngineJson.objectAt(json, "State"))
                .filter(state -> !Boolean.TRUE.equals(state.get("Running")))
                .map(state -> new ExitState(
                        state.get("ExitCode") instanceof Number code ? code.intValue() : -1,
                        Boolean.TRUE.equals(state.get("OOMKilled"))));
    }

    private Optional<Map<String, Object>> inspection(Action action, String id) {
        return http.callIfPresent(action, "GET", container(id) + "/json").map(EngineJson::tree);
    }

    private boolean terminal(Action action, String id) {
        return inspection(action, id)
                .map(json ->
                        Boolean.TRUE.equals(EngineJson.objectAt(json, "Config").get("Tty")))
                .orElse(false);
    }

    /** What a container has printed so far; empty when it is gone. */
    @Override
    public List<String> logs(String id) {
        Action action = Action.of("read the output of " + role(id));
        List<String> collected = new ArrayList<>();
        readLogs(action, id, false, collected::add);
        return collected;
    }

    /** A container's output to its end (the streams still followed end with {@link #close}). */
    @Override
    public void followLogs(String id, Consumer<String> lines) {
        readLogs(Action.of("follow the output of " + role(id)), id, true, lines);
    }

    private void readLogs(Action action, String id, boolean follow, Consumer<String> lines) {
        if (closed) {
            return;
        }
        Optional<Map<String, Object>> inspected = inspection(action, id);
        if (inspected.isEmpty()) {
            return; // gone: nothing to show
        }
        boolean terminal = Boolean.TRUE.equals(
                EngineJson.objectAt(inspected.get(), "Config").get("Tty"));
        StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
        DockerHttpClient.Request request = EngineHttp.request(
                "GET", container(id) + "/logs?stdout=1&stderr=1" + (follow ? "&follow=1" : ""), null);
        try (DockerHttpClient.Response response = http.open(action, request, 404);
                InputStream body = response.getBody()) {
            if (response.getStatusCode() == 404) {
                return; // removed meanwhile
            }
            following.add(body);
            try {
                if (!closed) { // else close() ran before the stream was known to it
                    LogFrames.read(
                            body,
                            terminal,
                            (stream, payload) ->
                                    Lines.emit(partial[stream], new String(payload, StandardCharsets.UTF_8), lines));
                }
            } catch (EOFException | ClosedChannelException cut) {
                // the engine cuts the stream of a container removed while followed, and close()
                // those still open; the run's own wait reports what matters
            } finally {
                following.remove(body);
            }
        } catch (IOException e) {
            if (!closed) {
                throw http.failed(action, new UncheckedIOException(e));
            }
        }
        Lines.emit(partial[0], "\n", lines);
        Lines.emit(partial[1], "\n", lines);
    }

    /** A tar stream of PATH in the container (the caller closes it); empty when it has no PATH. */
    @Override
    public Optional<InputStream> readArchive(String id, String path) {
        DockerHttpClient.Response response = http.open(
                Action.of("read " + path + " from " + role(id)),
                EngineHttp.request("GET", container(id) + "/archive?path=" + query(path), null),
                404);
        if (response.getStatusCode() == 404) {
            response.close();
            return Optional.empty();
        }
        return Optional.of(response.getBody());
    }

    @Override
    public void writeArchive(String id, String path, InputStream tar) {
        Action action = Action.of("copy files into " + role(id) + " at " + path);
        EngineHttp.Reply reply = http.send(
                action,
                DockerHttpClient.Request.builder()
                        .method("PUT")
                        .path(container(id) + "/archive?path=" + query(path))
                        .putHeader("Content-Type", "application/x-tar")
                        .body(tar)
                        .build());
        if (!reply.ok()) {
            throw http.failed(action, reply.refusal());
        }
    }

    /** SIGTERM, SIGKILL after GRACE, then removal; absent or stopped containers are fine. */
    @Override
    public void stopAndRemove(String id, Duration grace) {
        Action action = Action.cleanup("stop and remove " + role(id));
        try {
            EngineHttp.Reply reply =
                    http.send(action, EngineHttp.request("POST", container(id) + "/stop?t=" + grace.toSeconds(), null));
            if (!reply.ok() && reply.status() != 304 && reply.status() != 404) {
                throw http.failed(action, reply.refusal());
            }
        } finally {
            // a stop that failed (e.g. the engine was slow to answer) must not leave the container
            remove(id);
        }
    }

    /** Removes a container, running or not; absent ones, and those already being removed, are fine. */
    @Override
    public void remove(String id) {
        Action action = Action.cleanup("remove " + role(id));
        EngineHttp.Reply reply =
                http.send(action, EngineHttp.request("DELETE", container(id) + "?force=true&v=true", null));
        if (!reply.ok() && reply.status() != 404 && reply.status() != 409) {
            throw http.failed(action, reply.refusal());
        }
        roles.remove(id);
    }

    /** Ids of the containers, in any state, carrying all of LABELS. */
    @Override
    public List<String> list(Map<String, String> labels) {
        byte[] reply = http.call(
                Action.cleanup("list the containers slugbuilder made"),
                "GET",
                "/containers/json?all=1&filters=" + query(EngineJson.labelFilter(labels)),
                null);
        return EngineJson.objects(reply).stream()
                .map(c -> EngineJson.stringAt(c, "Id"))
                .toList();
    }

    /** Runs COMMAND in a running container as its user; its exit code and combined output. */
    @Override
    public RunResult exec(String id, List<String> command) {
        Action action = Action.of("run a command in " + role(id));
        String execId = EngineJson.field(
                http.call(action, "POST", container(id) + "/exec", EngineJson.body(out -> {
                    out.writeBooleanField("AttachStdout", true);
                    out.writeBooleanField("AttachStderr", true);
                    EngineJson.stringList(out, "Cmd", command);
                })),
                "Id");
        StringBuilder output = new StringBuilder();
        DockerHttpClient.Request start =
                EngineHttp.request("POST", "/exec/" + pathOf(execId) + "/start", EngineJson.body(out -> {
                    out.writeBooleanField("Detach", false);
                    out.writeBooleanField("Tty", false);
                }));
        try (DockerHttpClient.Response response = http.open(action, start);
                InputStream body = response.getBody()) {
            LogFrames.read(
                    body, false, (stream, payload) -> output.append(new String(payload, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw http.failed(action, new UncheckedIOException(e));
        }
        Object code = EngineJson.tree(http.call(action, "GET", "/exec/" + pathOf(execId) + "/json", null))
                .get("ExitCode");
        return new RunResult(code instanceof Number n ? n.intValue() : -1, output.toString());
    }

    /** Ends the streams still followed: a thread blocked in a socket read holds the JVM's exit back 0.3 s. */
    void close() {
        closed = true;
        following.forEach(DockerContainers::closeQuietly);
    }

    private static String container(String id) {
        return "/containers/" + pathOf(id);
    }

    /** The role a container was created for, or its short id when another command created it. */
    private String role(String id) {
        String role = roles.get(id);
        return role != null ? role : "the container " + id.substring(0, Math.min(12, id.length()));
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
    }
}
