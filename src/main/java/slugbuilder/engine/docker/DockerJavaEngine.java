package slugbuilder.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.AttachContainerCmd;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.ListNetworksCmd;
import com.github.dockerjava.api.command.ListVolumesResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.EngineInfo;
import slugbuilder.engine.ImageDetails;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.Labels;
import slugbuilder.engine.PushEvent;
import slugbuilder.engine.PushFailedException;
import slugbuilder.engine.RegistryAuth;
import slugbuilder.engine.RunResult;
import slugbuilder.engine.StreamingPipe;

/**
 * {@link ContainerEngine} on docker-java's zerodep transport (no Netty, no Jersey), with the real
 * engine's quirks: init as PID 1, ports published on 127.0.0.1 only, a build's stray step
 * container removed on exit. Its failures are worded by {@link TranslatingEngine}, which
 * {@link #connect} wraps it in.
 */
public final class DockerJavaEngine implements ContainerEngine {
    private static final Pattern RUNNING_IN = Pattern.compile("^\\s*---> Running in ([0-9a-f]{12,64})$");

    private final DockerJavaClient docker;
    private final EngineHttp api;
    private final String host;
    private final Path socket; // the engine's unix socket, or null: archives, builds and logs through docker-java
    private final String engineVersion;
    private final Cleanup cleanup;
    private final Set<Closeable> following = ConcurrentHashMap.newKeySet(); // log streams read over the socket
    private volatile boolean closed;

    private DockerJavaEngine(
            DockerJavaClient docker, EngineHttp api, String host, Path socket, String engineVersion, Cleanup cleanup) {
        this.cleanup = cleanup;
        this.docker = docker;
        this.api = api;
        this.host = host;
        this.socket = socket;
        this.engineVersion = engineVersion;
    }

    /**
     * Finds the engine as the Docker CLI does: DOCKER_HOST (unix:// or tcp://, with
     * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), else the default socket. Fails within seconds
     * when nothing answers there. CLEANUP is the command's: a build registers its step's container there.
     */
    public static ContainerEngine connect(Cleanup cleanup) {
        Optional<Path> socket = EngineAddress.unixSocket();
        // as the user wrote it (a URI, which docker-java parses again when it is set up)
        String host = Objects.requireNonNullElse(
                EngineAddress.setting("DOCKER_HOST"), "unix://" + EngineAddress.DEFAULT_SOCKET);
        DockerJavaClient docker = null;
        try {
            EngineHttp api;
            if (socket.isPresent()) {
                docker = DockerJavaClient.forHost(host);
                api = new UnixSocketHttp(socket.get());
            } else {
                // inside the try: a malformed DOCKER_HOST or a DOCKER_CERT_PATH that is not there fails here
                docker = DockerJavaClient.fromConfig();
                host = docker.host();
                api = new TransportHttp(docker.http());
            }
            String version = EngineJson.field(api.call("GET", "/version", null).body(), "Version");
            Path archiveSocket = socket.orElse(null);
            if (archiveSocket == null && host.startsWith("unix://")) {
                archiveSocket = Path.of(URI.create(host).getPath()); // a context's socket: read directly too
            }
            return new TranslatingEngine(
                    new DockerJavaEngine(docker, api, host, archiveSocket, version, cleanup), new EngineErrors(host));
        } catch (RuntimeException e) {
            if (docker != null) {
                closeQuietly(docker::close);
            }
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "cannot reach a Docker engine at " + host + ": " + EngineErrors.rootMessage(e),
                    EngineErrors.START_AN_ENGINE,
                    e);
        }
    }

    private DockerClient client() {
        return docker.client();
    }

    @Override
    public String describe() {
        return host + " (engine " + engineVersion + ")";
    }

    @Override
    public Optional<String> imageId(String reference) {
        try {
            return Optional.ofNullable(EngineJson.field(
                    api.call("GET", "/images/" + pathOf(reference) + "/json", null)
                            .body(),
                    "Id"));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public String importImage(InputStream rootfsTar, String repository, String tag) {
        // docker-java's createImageCmd sends the stream JSON-encoded (docker-java issue #2377),
        // so the documented import request goes out directly, streaming the tar as its body.
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                // labelled like everything slugbuilder makes, so clean can find it if anything goes wrong
                .path("/images/create?fromSrc=-&repo=" + urlEncode(repository) + "&tag=" + urlEncode(tag) + "&changes="
                        + urlEncode("LABEL " + Labels.TOOL + "=true " + Labels.KIND + "=stack"))
                .putHeader("Content-Type", "application/x-tar")
                .body(rootfsTar)
                .build();
        try (DockerHttpClient.Response response = docker.http().execute(request)) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() / 100 != 2 || body.contains("\"error\"")) {
                throw new DockerException(body.strip(), response.getStatusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imageId(repository + ":" + tag)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.ENGINE,
                        "the engine accepted the import of " + repository + ":" + tag + " but has no such image"));
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) {
        // Interrupted, the engine notices a build's client has gone only at the step's next
        // output, so a silent step's container would outlive us: remove it ourselves.
        AtomicReference<String> stepContainer = new AtomicReference<>();
        Cleanup.Action removeStep = cleanup.add("the build step's container", () -> {
            String id = stepContainer.get();
            if (id != null) {
                removeQuietly(id);
            }
        });
        try {
            return buildStreaming(request, line -> {
                Matcher running = RUNNING_IN.matcher(line);
                if (running.find()) {
                    stepContainer.set(running.group(1));
                }
                output.accept(line);
            });
        } finally {
            if (!Cleanup.shuttingDown()) {
                cleanup.keep(removeStep); // a build that ended by itself removed its steps
            }
        }
    }

    private String buildStreaming(BuildRequest request, Consumer<String> output) {
        if (socket != null && !EngineAddress.hasRegistryCredentials()) {
            return SocketBuild.run(socket, request, output);
        }
        // The context streams through a pipe, so a large app never sits in memory.
        return StreamingPipe.run("build-context", request.context()::writeTo, context -> {
            BuildImageCmd cmd = client().buildImageCmd(context)
                    .withDockerfilePath(request.dockerfile())
                    .withTags(new HashSet<>(request.tags()))
                    .withLabels(request.labels())
                    .withRemove(true)
                    .withForcerm(true)
                    .withPull(false);
            request.buildArgs().forEach(cmd::withBuildArg);
            if (request.network() != null) {
                cmd.withNetworkMode(request.network());
            }
            if (request.platform() != null) {
                cmd.withPlatform(request.platform());
            }
            StringBuilder partial = new StringBuilder();
            BuildImageResultCallback callback = cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) {
                        emitLines(partial, item.getStream(), output);
                    }
                    super.onNext(item);
                }
            });
            try {
                return callback.awaitImageId();
            } catch (DockerClientException e) {
                throw new BuildFailedException(
                        "build failed: " + e.getMessage().replaceFirst("^Could not build image: ", ""),
                        "the output above shows the failing step");
            } finally {
                emitLines(partial, "\n", output);
            }
        });
    }

    @Override
    public String create(ContainerSpec spec) {
        byte[] reply = api.call("POST", "/containers/create", EngineJson.createBody(spec))
                .body();
        String id = EngineJson.field(reply, "Id");
        if (id == null) {
            throw new DockerException(
                    "the engine's reply to a create names no container: " + new String(reply, StandardCharsets.UTF_8),
                    500);
        }
        return id;
    }

    @Override
    public void start(String containerId) {
        api.call("POST", "/containers/" + pathOf(containerId) + "/start", null);
    }

    @Override
    public Attachment attach(String containerId, InputStream in, OutputStream out, OutputStream err) {
        AttachContainerCmd attach = client().attachContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true);
        if (in != null) {
            attach.withStdIn(in);
        }
        ResultCallback.Adapter<Frame> attached = attach.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                try {
                    OutputStream target = frame.getStreamType() == StreamType.STDERR ? err : out;
                    target.write(frame.getPayload());
                    target.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try {
            attached.awaitStarted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(attached);
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        return new Attachment() {
            @Override
            public void awaitEnd(Duration timeout) {
                try {
                    attached.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
            }

            @Override
            public void close() {
                closeQuietly(attached);
            }
        };
    }

    @Override
    public Optional<InputStream> readArchive(String containerId, String path) {
        if (socket != null) {
            return readArchiveOverSocket(socket, containerId, path);
        }
        try {
            return Optional.of(
                    client().copyArchiveFromContainerCmd(containerId, path).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<InputStream> readArchiveOverSocket(Path socket, String containerId, String path) {
        try {
            UnixSocketHttp.Response response = UnixSocketHttp.open(
                    socket, "GET", "/containers/" + urlEncode(containerId) + "/archive?path=" + urlEncode(path));
            if (response.status() == 200) {
                return Optional.of(response.body());
            }
            try (InputStream body = response.body()) {
                if (response.status() == 404) {
                    return Optional.empty();
                }
                throw EngineHttp.refusal(response.status(), new String(body.readNBytes(4096), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeArchive(String containerId, String path, InputStream tar) {
        client().copyArchiveToContainerCmd(containerId)
                .withRemotePath(path)
                .withTarInputStream(tar)
                .exec();
    }

    @Override
    public void remove(String containerId) {
        removeQuietly(containerId);
    }

    @Override
    public void followLogs(String containerId, Consumer<String> lines) {
        StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
        if (socket != null) {
            followLogsOverSocket(
                    containerId,
                    (stream, payload) ->
                            emitLines(partial[stream], new String(payload, StandardCharsets.UTF_8), lines));
        } else {
            followLogsWithDockerJava(containerId, partial, lines);
        }
        emitLines(partial[0], "\n", lines);
        emitLines(partial[1], "\n", lines);
    }

    /** The container's output to its end, over the socket (docker-java's set-up is 0.2 s of CPU, while the process starts). */
    private void followLogsOverSocket(String containerId, LogFrames.Sink sink) {
        String container = "/containers/" + pathOf(containerId);
        try {
            boolean terminal = Boolean.TRUE.equals(
                    EngineJson.objectAt(containerJson(containerId), "Config").get("Tty"));
            UnixSocketHttp.Response response =
                    UnixSocketHttp.open(socket, "GET", container + "/logs?follow=1&stdout=1&stderr=1");
            try (InputStream body = response.body()) {
                if (response.status() / 100 != 2) {
                    throw EngineHttp.refusal(
                            response.status(), new String(EngineHttp.readReply(body), StandardCharsets.UTF_8));
                }
                following.add(body);
                try {
                    if (!closed) { // else close() ran before the stream was known to it
                        LogFrames.read(body, terminal, sink);
                    }
                } catch (EOFException | ClosedChannelException cut) {
                    // the engine cuts the stream of a container removed while followed, and close()
                    // those still open; the run's own wait reports what matters
                } finally {
                    following.remove(body);
                }
            }
        } catch (NotFoundException gone) {
            // removed while we followed it: nothing more to show
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void followLogsWithDockerJava(String containerId, StringBuilder[] partial, Consumer<String> lines) {
        try (ResultCallback.Adapter<Frame> logs = client().logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        int stream = frame.getStreamType() == StreamType.STDERR ? 1 : 0;
                        emitLines(partial[stream], new String(frame.getPayload(), StandardCharsets.UTF_8), lines);
                    }
                })) {
            logs.awaitCompletion();
        } catch (NotFoundException gone) {
            // removed while we followed it: nothing more to show
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<String> logs(String containerId) {
        List<String> collected = new ArrayList<>();
        StringBuilder partial = new StringBuilder();
        LogContainerCmd cmd = client().logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(false);
        try (ResultCallback.Adapter<Frame> logs = cmd.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                emitLines(partial, new String(frame.getPayload(), StandardCharsets.UTF_8), collected::add);
            }
        })) {
            logs.awaitCompletion();
        } catch (NotFoundException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        emitLines(partial, "\n", collected::add);
        return collected;
    }

    @Override
    public int waitFor(String containerId) {
        return client().waitContainerCmd(containerId)
                .exec(new WaitContainerResultCallback())
                .awaitStatusCode();
    }

    @Override
    public boolean isRunning(String containerId) {
        try {
            return Boolean.TRUE.equals(
                    EngineJson.objectAt(containerJson(containerId), "State").get("Running"));
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The engine's inspection of a container, as a tree. */
    private Map<String, Object> containerJson(String containerId) {
        return EngineJson.tree(api.call("GET", "/containers/" + pathOf(containerId) + "/json", null)
                .body());
    }

    @Override
    public void stopAndRemove(String containerId, Duration grace) {
        try {
            client().stopContainerCmd(containerId)
                    .withTimeout((int) grace.toSeconds())
                    .exec();
        } catch (NotFoundException | NotModifiedException e) {
            // already gone or already stopped
        } finally {
            // a stop that failed (e.g. the engine was slow to answer) must not leave the container
            removeQuietly(containerId);
        }
    }

    @Override
    public List<String> containers(Map<String, String> labels) {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                .map(Container::getId)
                .toList();
    }

    @Override
    public List<String> images(Map<String, String> labels) {
        List<String> refs = new ArrayList<>();
        for (Image image : client().listImagesCmd()
                .withShowAll(false)
                .withLabelFilter(labels)
                .exec()) {
            String[] tags = image.getRepoTags();
            boolean tagged = tags != null && tags.length > 0 && !"<none>:<none>".equals(tags[0]);
            refs.addAll(tagged ? List.of(tags) : List.of(image.getId()));
        }
        return refs;
    }

    @Override
    public ImageInfo inspect(String reference) {
        return imageInfo(
                api.call("GET", "/images/" + pathOf(reference) + "/json", null).body());
    }

    /** What slugbuilder reads of an image's inspection (the engine's JSON). */
    static ImageInfo imageInfo(byte[] json) {
        Map<String, Object> image = EngineJson.tree(json);
        Map<String, Object> config = EngineJson.objectAt(image, "Config");
        List<String> test = EngineJson.stringsAt(EngineJson.objectAt(config, "Healthcheck"), "Test");
        Map<String, String> labels = new HashMap<>();
        EngineJson.objectAt(config, "Labels").forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return new ImageInfo(
                EngineJson.stringAt(image, "Id"),
                EngineJson.stringAt(config, "User"),
                EngineJson.stringsAt(config, "OnBuild"),
                labels,
                EngineJson.stringsAt(config, "Cmd"),
                EngineJson.stringsAt(config, "Entrypoint"),
                List.copyOf(EngineJson.objectAt(config, "ExposedPorts").keySet()),
                List.copyOf(EngineJson.objectAt(config, "Volumes").keySet()),
                // ["NONE"] is HEALTHCHECK NONE: the base image's check switched off
                !test.isEmpty() && !test.equals(List.of("NONE")));
    }

    @Override
    public EngineInfo info() {
        Info info = client().infoCmd().exec();
        return new EngineInfo(info.getDriver(), info.getDriverStatuses());
    }

    @Override
    public ImageDetails details(String reference) {
        InspectImageResponse image = client().inspectImageCmd(reference).exec();
        ContainerConfig config = image.getConfig();
        List<String> cmd = config == null || config.getCmd() == null ? List.of() : List.of(config.getCmd());
        List<String> entrypoint =
                config == null || config.getEntrypoint() == null ? List.of() : List.of(config.getEntrypoint());
        List<String> layers = image.getRootFS() == null || image.getRootFS().getLayers() == null
                ? List.of()
                : image.getRootFS().getLayers();
        return new ImageDetails(
                image.getId(),
                image.getOs() == null ? "" : image.getOs(),
                image.getArch() == null ? "" : image.getArch(),
                cmd,
                entrypoint,
                image.getSize() == null ? 0 : image.getSize(),
                layers);
    }

    @Override
    public void tag(String reference, String repository, String tag) {
        client().tagImageCmd(reference, repository, tag).withForce(true).exec();
    }

    @Override
    public void push(String image, RegistryAuth auth, Consumer<PushEvent> progress) {
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        // the credentials travel in this request's X-Registry-Auth header only: nothing is stored
        AuthConfig credentials = new AuthConfig()
                .withRegistryAddress(auth.registry())
                .withUsername(auth.username())
                .withPassword(auth.password());
        AtomicReference<String> failure = new AtomicReference<>();
        try (ResultCallback.Adapter<PushResponseItem> pushing = client().pushImageCmd(
                        tagged ? image.substring(0, colon) : image)
                .withTag(tagged ? image.substring(colon + 1) : "latest")
                .withAuthConfig(credentials)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(PushResponseItem item) {
                        if (item.isErrorIndicated()) {
                            String message = item.getErrorDetail() != null
                                            && item.getErrorDetail().getMessage() != null
                                    ? item.getErrorDetail().getMessage()
                                    : item.getError();
                            failure.compareAndSet(null, message == null ? "the engine reported an error" : message);
                            return;
                        }
                        ResponseItem.ProgressDetail detail = item.getProgressDetail();
                        progress.accept(new PushEvent(
                                item.getId(),
                                item.getStatus(),
                                detail == null || detail.getCurrent() == null ? 0 : detail.getCurrent(),
                                detail == null || detail.getTotal() == null ? 0 : detail.getTotal()));
                    }
                })) {
            pushing.awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        if (failure.get() != null) {
            throw new PushFailedException(failure.get().strip());
        }
    }

    private void removeQuietly(String containerId) {
        try {
            api.call("DELETE", "/containers/" + pathOf(containerId) + "?force=true&v=true", null);
        } catch (NotFoundException e) {
            // already gone
        } catch (ConflictException e) {
            // removal already in progress (e.g. from a concurrent cleanup)
        }
    }

    @Override
    public boolean removeImage(String reference) {
        try {
            client().removeImageCmd(reference).withForce(true).exec();
            return true;
        } catch (NotFoundException e) {
            return true; // already gone
        } catch (ConflictException e) {
            return false; // another image stands on it
        }
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        if (!networks(Map.of()).contains(name)) {
            try {
                client().createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withLabels(labels)
                        .withCheckDuplicate(true)
                        .exec();
            } catch (ConflictException raced) {
                // created meanwhile by another slugbuilder of the same app: the same network
            }
        }
    }

    @Override
    public boolean removeNetwork(String name) {
        try {
            client().removeNetworkCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return true; // already gone
        } catch (ConflictException | InternalServerErrorException e) {
            return false; // "has active endpoints": another command's containers still use it
        } catch (DockerException e) {
            if (e.getHttpStatus() == 403) {
                return false; // older engines word "has active endpoints" as forbidden
            }
            throw e;
        }
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        ListNetworksCmd list = client().listNetworksCmd();
        if (!labels.isEmpty()) {
            list.withFilter(
                    "label",
                    labels.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList());
        }
        return list.exec().stream().map(Network::getName).toList();
    }

    @Override
    public Optional<Map<String, String>> volume(String name) {
        try {
            InspectVolumeResponse volume = client().inspectVolumeCmd(name).exec();
            return Optional.of(volume.getLabels() == null ? Map.of() : volume.getLabels());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        client().createVolumeCmd().withName(name).withLabels(labels).exec();
    }

    @Override
    public void removeVolume(String name) {
        try {
            client().removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    @Override
    public List<String> volumes(Map<String, String> labels) {
        ListVolumesResponse listed = client().listVolumesCmd()
                .withFilter(
                        "label",
                        labels.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList())
                .exec();
        return listed.getVolumes() == null
                ? List.of()
                : listed.getVolumes().stream()
                        .map(InspectVolumeResponse::getName)
                        .toList();
    }

    @Override
    public RunResult exec(String containerId, List<String> command) {
        String execId = client().execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        StringBuilder output = new StringBuilder();
        try (ResultCallback.Adapter<Frame> started = client().execStartCmd(execId)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })) {
            started.awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        Long exitCode = client().inspectExecCmd(execId).exec().getExitCodeLong();
        return new RunResult(exitCode == null ? -1 : exitCode.intValue(), output.toString());
    }

    @Override
    public void pull(String reference, Consumer<String> output) {
        try {
            client().pullImageCmd(reference)
                    .exec(new PullImageResultCallback() {
                        @Override
                        public void onNext(PullResponseItem item) {
                            if (item.getStatus() != null && item.getProgressDetail() == null) {
                                output.accept((item.getId() == null ? "" : item.getId() + ": ") + item.getStatus());
                            }
                            super.onNext(item);
                        }
                    })
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    @Override
    public void close() {
        // On Ctrl-C or SIGTERM the command's thread may end while a cleanup hook still removes
        // containers through this client (closing it then would leave them behind) and the logs
        // followed show the processes' last words as they stop.
        if (!Cleanup.shuttingDown()) {
            // A thread blocked reading a socket holds the JVM's exit back 0.3 s (HotSpot waits
            // that long for threads in native code): the logs still followed end here.
            closed = true;
            following.forEach(DockerJavaEngine::closeQuietly);
            closeQuietly(docker::close);
        }
    }

    /**
     * A name as the path of a request: an image reference keeps its '/' and ':' as the Docker CLI
     * sends them (the engine's router matches the raw path); what a path cannot hold is quoted by
     * {@link URI}, non-ASCII as UTF-8.
     */
    static String pathOf(String name) {
        try {
            return new URI(null, null, "/" + name, null).toASCIIString().substring(1);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a name for a request's path: " + name, e);
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Build output arrives in chunks that need not end at line ends. */
    static void emitLines(StringBuilder partial, String chunk, Consumer<String> output) {
        partial.append(chunk);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline).stripTrailing();
            partial.delete(0, newline + 1);
            if (!line.isEmpty()) {
                output.accept(line);
            }
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
    }
}
