package slugbuilder.engine.docker;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Containers;
import slugbuilder.engine.Images;
import slugbuilder.engine.NetworksAndVolumes;
import slugbuilder.engine.RegistryPush;

/**
 * {@link ContainerEngine} on the Engine API, every request through one {@link EngineHttp} over
 * one transport: {@link UnixSocketHttp} for a unix socket, docker-java's zerodep transport for
 * TCP, TLS and contexts that name a TCP host. docker-java's command layer is not used: its set-up
 * (Jackson databind, its config, its command factories) cost a warm restart 0.2 s, and each
 * request here is a few lines of the documented API, pinned to docker-java's own requests by a
 * differential test. The real engine's quirks: init as PID 1, ports published on 127.0.0.1
 * only, a build's stray step container removed on exit.
 */
public final class DockerEngine implements ContainerEngine {
    private final String host;
    private final String engineVersion;
    private final EngineHttp http;
    private final DockerImages images;
    private final DockerContainers containers;
    private final DockerNetworksAndVolumes resources;
    private final DockerRegistry registry;

    private DockerEngine(String host, String engineVersion, EngineHttp http, Cleanup cleanup) {
        this.host = host;
        this.engineVersion = engineVersion;
        this.http = http;
        this.containers = new DockerContainers(http);
        this.images = new DockerImages(http, new DockerBuild(http, cleanup, containers::remove));
        this.resources = new DockerNetworksAndVolumes(http);
        this.registry = new DockerRegistry(http, images);
    }

    /**
     * Finds the engine as the Docker CLI does: DOCKER_HOST (unix:// or tcp://, with
     * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), a context, else the default socket. Fails within
     * seconds when nothing answers there. CLEANUP is the command's: a build registers its step's
     * container there.
     */
    public static ContainerEngine connect(Cleanup cleanup, Consumer<String> notes) {
        // as the user wrote it, for messages (docker-java's config parses it again for TCP hosts)
        String host = Objects.requireNonNullElse(
                EngineAddress.setting("DOCKER_HOST"), "unix://" + EngineAddress.DEFAULT_SOCKET);
        DockerHttpClient transport = null;
        try {
            Optional<Path> socket = EngineAddress.unixSocket();
            if (socket.isPresent()) {
                transport = new UnixSocketHttp(socket.get());
                if (!socket.get().equals(EngineAddress.DEFAULT_SOCKET)
                        && EngineAddress.setting("DOCKER_HOST") == null) {
                    host = "unix://" + socket.get();
                    notes.accept(EngineAddress.foundInstead(socket.get()));
                }
            } else {
                // inside the try: a malformed DOCKER_HOST or a DOCKER_CERT_PATH that is not there fails here
                DockerClientConfig config =
                        DefaultDockerClientConfig.createDefaultConfigBuilder().build();
                URI configured = config.getDockerHost();
                host = configured.toString();
                transport = "unix".equals(configured.getScheme())
                        ? new UnixSocketHttp(Path.of(configured.getPath())) // a context's socket
                        : new ZerodepDockerHttpClient.Builder()
                                .dockerHost(configured)
                                .sslConfig(config.getSSLConfig() != null ? config.getSSLConfig() : new UnusedTls())
                                .connectionTimeout(Duration.ofSeconds(2))
                                .build();
            }
            EngineHttp http = new EngineHttp(transport, new EngineErrors(host));
            byte[] version = http.call(EngineHttp.Action.of("ask the engine's version"), "GET", "/version", null);
            boolean podman = isPodman(version);
            return new DockerEngine(
                    host,
                    (podman ? "Podman " : "engine ") + EngineJson.field(version, "Version"),
                    http.forEngine(podman),
                    cleanup);
        } catch (RuntimeException e) {
            if (transport != null) {
                new EngineHttp(transport, null).close();
            }
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "cannot reach a Docker engine at " + host + ": " + EngineErrors.rootMessage(e),
                    EngineErrors.START_AN_ENGINE,
                    e);
        }
    }

    /** Whether GET /version's reply is Podman's: its Docker-compatible API names its own component "Podman Engine". */
    static boolean isPodman(byte[] version) {
        Object components = EngineJson.tree(version).get("Components");
        return components instanceof List<?> list
                && list.stream()
                        .anyMatch(
                                c -> c instanceof Map<?, ?> component && "Podman Engine".equals(component.get("Name")));
    }

    @Override
    public String describe() {
        return host + " (" + engineVersion + ")";
    }

    @Override
    public Images images() {
        return images;
    }

    @Override
    public Containers containers() {
        return containers;
    }

    @Override
    public NetworksAndVolumes networksAndVolumes() {
        return resources;
    }

    @Override
    public RegistryPush registry() {
        return registry;
    }

    @Override
    public void close() {
        // On Ctrl-C or SIGTERM the command's thread may end while a cleanup hook still removes
        // containers (closing then would leave them behind) and the logs followed show the
        // processes' last words as they stop.
        if (!Cleanup.shuttingDown()) {
            containers.close();
            http.close();
        }
    }
}
