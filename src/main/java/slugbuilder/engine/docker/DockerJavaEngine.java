package slugbuilder.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.function.Consumer;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.RunRequest;
import slugbuilder.engine.RunResult;
import slugbuilder.engine.StreamingPipe;

/** {@link ContainerEngine} on docker-java's zerodep transport: no Netty, no Jersey. */
public final class DockerJavaEngine implements ContainerEngine {
    private final DockerClient client;
    private final DockerHttpClient http;
    private final String host;
    private final String engineVersion;

    private DockerJavaEngine(DockerClient client, DockerHttpClient http, String host, String engineVersion) {
        this.client = client;
        this.http = http;
        this.host = host;
        this.engineVersion = engineVersion;
    }

    /**
     * Finds the engine as the Docker CLI does: DOCKER_HOST (unix:// or tcp://, with
     * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), else the default socket. Fails within seconds
     * when nothing answers there.
     */
    public static DockerJavaEngine connect() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        String host = config.getDockerHost().toString();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2))
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            Version version = client.versionCmd().exec();
            return new DockerJavaEngine(client, http, host, version.getVersion());
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new SlugbuilderException(ExitCode.ENGINE, "cannot reach a Docker engine at " + host + ": " + rootMessage(e),
                    "start one (scripts/engine.sh does, as root), or point DOCKER_HOST at a running engine", e);
        }
    }

    @Override
    public String describe() {
        return host + " (engine " + engineVersion + ")";
    }

    @Override
    public Optional<String> imageId(String reference) {
        try {
            return Optional.of(client.inspectImageCmd(reference).exec().getId());
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
                .path("/images/create?fromSrc=-&repo=" + urlEncode(repository) + "&tag=" + urlEncode(tag))
                .putHeader("Content-Type", "application/x-tar")
                .body(rootfsTar)
                .build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() / 100 != 2 || body.contains("\"error\"")) {
                throw new SlugbuilderException(ExitCode.ENGINE, "the engine refused the import of " + repository + ":" + tag
                        + " (HTTP " + response.getStatusCode() + "): " + body.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imageId(repository + ":" + tag).orElseThrow(() -> new SlugbuilderException(ExitCode.ENGINE,
                "the engine accepted the import of " + repository + ":" + tag + " but has no such image"));
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) {
        // The context streams through a pipe, so a large app never sits in memory.
        return StreamingPipe.run("build-context", request.context()::writeTo, context -> {
            BuildImageCmd cmd = client.buildImageCmd(context)
                    .withDockerfilePath(request.dockerfile())
                    .withTags(new HashSet<>(request.tags()))
                    .withLabels(request.labels())
                    .withRemove(true)
                    .withForcerm(true)
                    .withPull(false);
            request.buildArgs().forEach(cmd::withBuildArg);
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
                throw new BuildFailedException("build failed: " + e.getMessage().replaceFirst("^Could not build image: ", ""),
                        "the output above shows the failing step");
            } finally {
                emitLines(partial, "\n", output);
            }
        });
    }

    @Override
    public RunResult run(RunRequest request) {
        CreateContainerCmd create = client.createContainerCmd(request.image())
                .withCmd(request.command())
                .withEnv(request.env())
                .withLabels(request.labels());
        if (request.user() != null) {
            create.withUser(request.user());
        }
        CreateContainerResponse container = create.exec();
        String id = container.getId();
        try {
            client.startContainerCmd(id).exec();
            int exitCode = client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
            StringBuilder output = new StringBuilder();
            try (ResultCallback.Adapter<Frame> logs = client.logContainerCmd(id)
                    .withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })) {
                logs.awaitCompletion();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted while reading the container's output");
            }
            return new RunResult(exitCode, output.toString());
        } finally {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    @Override
    public void removeImage(String reference) {
        try {
            client.removeImageCmd(reference).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Build output arrives in chunks that need not end at line ends. */
    private static void emitLines(StringBuilder partial, String chunk, Consumer<String> output) {
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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
    }
}
