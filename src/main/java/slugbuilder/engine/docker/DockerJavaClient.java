package slugbuilder.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;

/**
 * docker-java's client and transport, set up on first use (0.3-0.4 s: its config, Jackson
 * databind, the HTTP client): {@code slug pack} reaches the engine by {@link EngineHttp} alone.
 */
final class DockerJavaClient {
    private final String host; // null: as docker-java's config finds it
    private DockerClient client;
    private DockerHttpClient http;
    private String configuredHost;

    private DockerJavaClient(String host) {
        this.host = host;
    }

    /** For HOST (as {@code unix:///path}), set up when first needed. */
    static DockerJavaClient forHost(String host) {
        return new DockerJavaClient(host);
    }

    /** Set up now, for the host docker-java's config finds: a malformed DOCKER_HOST fails here. */
    static DockerJavaClient fromConfig() {
        DockerJavaClient docker = new DockerJavaClient(null);
        docker.client();
        return docker;
    }

    synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
            if (host != null) {
                builder.withDockerHost(host);
            }
            DockerClientConfig config = builder.build();
            DockerHttpClient transport = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig() != null ? config.getSSLConfig() : new UnusedTls())
                    .connectionTimeout(Duration.ofSeconds(2))
                    .build();
            client = DockerClientImpl.getInstance(config, transport);
            http = transport;
            configuredHost = config.getDockerHost().toString();
        }
        return client;
    }

    synchronized DockerHttpClient http() {
        client();
        return http;
    }

    /** The host as docker-java's config names it. */
    synchronized String host() {
        return host != null ? host : configuredHost;
    }

    /** Closes the client if it was ever set up. */
    synchronized void close() throws IOException {
        if (client != null) {
            client.close();
        }
    }
}
