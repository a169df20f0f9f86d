package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.RegistryAuth;

/**
 * slugbuilder sends its own Engine API requests instead of docker-java's commands (docker-java's
 * set-up cost a warm restart 0.2 s). This pins every request to the one docker-java's command
 * sends for the same operation: the same method and path (decoded, as the engine reads it), the
 * same query (values compared as the engine reads them: JSON as JSON, "1" as "true"), the same
 * credentials header, and every field of our JSON body equal to docker-java's (docker-java may
 * send more defaults, and spells out a bind's default mode, rw).
 */
class DockerJavaDifferentialTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Records requests and answers each with a canned body. */
    private static final class Recorder implements DockerHttpClient {
        final List<Request> requests = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        private final String answer;

        Recorder(String answer) {
            this.answer = answer;
        }

        @Override
        public Response execute(Request request) {
            requests.add(request);
            try {
                InputStream body = request.body();
                bodies.add(body == null ? new byte[0] : body.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            return new Response() {
                @Override
                public int getStatusCode() {
                    return 200;
                }

                @Override
                public Map<String, List<String>> getHeaders() {
                    return Map.of("Content-Type", List.of("application/json"));
                }

                @Override
                public InputStream getBody() {
                    return new ByteArrayInputStream(reply);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}
    }

    /** The same operation through docker-java and through slugbuilder, each on its own recorder. */
    private static void same(String answer, Consumer<DockerClient> theirs, Consumer<EngineHttp> ours)
            throws IOException {
        Recorder dockerJava = new Recorder(answer);
        DockerClient client = DockerClientImpl.getInstance(
                DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost("unix:///var/run/docker.sock")
                        .build(),
                dockerJava);
        theirs.accept(client);
        Recorder slugbuilder = new Recorder(answer);
        ours.accept(new EngineHttp(slugbuilder, new EngineErrors("unix:///var/run/docker.sock", () -> false)));
        assertEquals(dockerJava.requests.size(), slugbuilder.requests.size(), "requests sent");
        for (int i = 0; i < dockerJava.requests.size(); i++) {
            DockerHttpClient.Request expected = dockerJava.requests.get(i);
            DockerHttpClient.Request actual = slugbuilder.requests.get(i);
            assertEquals(expected.method(), actual.method(), actual.path());
            assertEquals(pathOnly(expected.path()), pathOnly(actual.path()));
            assertEquals(query(expected.path()), query(actual.path()), actual.path());
            byte[] expectedBody = dockerJava.bodies.get(i);
            byte[] actualBody = slugbuilder.bodies.get(i);
            if (actualBody.length > 0) {
                assertSubset(MAPPER.readTree(expectedBody), MAPPER.readTree(actualBody), "body of " + actual.path());
            }
            for (String header : List.of("X-Registry-Auth")) {
                if (actual.headers().containsKey(header)) {
                    assertSubset(
                            MAPPER.readTree(Base64.getUrlDecoder()
                                    .decode(expected.headers().get(header))),
                            MAPPER.readTree(Base64.getUrlDecoder()
                                    .decode(actual.headers().get(header))),
                            header);
                }
            }
        }
    }

    /** docker-java quotes a reference's '/' in a path; the engine decodes it, and the Docker CLI sends it raw. */
    private static String pathOnly(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return URLDecoder.decode(bare.replaceFirst("^/v1\\.\\d+", ""), StandardCharsets.UTF_8);
    }

    /** The query as the engine reads it: JSON values as trees, boolean flags as booleans. */
    private static Map<String, List<Object>> query(String path) throws IOException {
        Map<String, List<Object>> params = new TreeMap<>();
        if (!path.contains("?")) {
            return params;
        }
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            String value = URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
            Object normal = value.startsWith("{")
                    ? MAPPER.readTree(value)
                    : value.equals("1") || value.equals("true") ? Boolean.TRUE : value;
            params.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(normal);
        }
        return params;
    }

    private static void assertSubset(JsonNode expected, JsonNode actual, String where) {
        if (actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertTrue(expected.has(field.getKey()), where + ": docker-java sends no " + field.getKey());
                assertSubset(expected.get(field.getKey()), field.getValue(), where + "." + field.getKey());
            }
        } else if (where.endsWith(".Binds")) {
            // docker-java spells out the engine's default access mode, rw
            assertEquals(expected.toString().replace(":rw\"", "\""), actual.toString(), where);
        } else {
            assertEquals(expected, actual, where);
        }
    }

    @Test
    void createsAContainerAsDockerJavaDoes() throws IOException {
        ContainerSpec spec = new ContainerSpec(
                        "slugbuilder/app-1:start",
                        List.of("bash", "-c", "npm start"),
                        "app",
                        List.of("PORT=5006", "DYNO=web.1"),
                        "/app",
                        Map.of(5006, 5006),
                        Map.of("/home/me/app", "/app/src"),
                        Map.of("slugbuilder.app", "1"),
                        "the web.1 container",
                        false,
                        new ContainerSpec.NetworkJoin("slugbuilder-1", List.of()),
                        Map.of(),
                        null)
                .withVolumes(Map.of());
        same(
                "{\"Id\":\"abc\"}",
                docker -> docker.createContainerCmd("slugbuilder/app-1:start")
                        .withCmd("bash", "-c", "npm start")
                        .withUser("app")
                        .withEnv("PORT=5006", "DYNO=web.1")
                        .withWorkingDir("/app")
                        .withLabels(Map.of("slugbuilder.app", "1"))
                        .withTty(false)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withExposedPorts(ExposedPort.tcp(5006))
                        .withHostConfig(HostConfig.newHostConfig()
                                .withInit(true)
                                .withPortBindings(new PortBinding(
                                        Ports.Binding.bindIpAndPort("127.0.0.1", 5006), ExposedPort.tcp(5006)))
                                .withBinds(Bind.parse("/home/me/app:/app/src"))
                                .withNetworkMode("slugbuilder-1"))
                        .exec(),
                http -> new DockerContainers(http).create(spec));
    }

    @Test
    void limitsAContainersMemoryAndSwapAsDockerJavaDoes() throws IOException {
        ContainerSpec spec = ContainerSpec.oneOff("slugbuilder/app-1:start", List.of("true"), List.of(), Map.of())
                .withMemory(new ContainerSpec.MemoryLimit(536_870_912L, 1_073_741_824L));
        same(
                "{\"Id\":\"abc\"}",
                docker -> docker.createContainerCmd("slugbuilder/app-1:start")
                        .withCmd("true")
                        .withEnv()
                        .withLabels(Map.of())
                        .withTty(false)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withHostConfig(HostConfig.newHostConfig()
                                .withInit(true)
                                .withMemory(536_870_912L)
                                .withMemorySwap(1_073_741_824L))
                        .exec(),
                http -> new DockerContainers(http).create(spec));
    }

    @Test
    void listsStopsAndRemovesContainersAsDockerJavaDoes() throws IOException {
        same(
                "[]",
                docker -> docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of("slugbuilder.app", "1"))
                        .exec(),
                http -> new DockerContainers(http).list(Map.of("slugbuilder.app", "1")));
        same(
                "",
                docker -> {
                    docker.stopContainerCmd("abc").withTimeout(10).exec();
                    docker.removeContainerCmd("abc")
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec();
                },
                http -> new DockerContainers(http).stopAndRemove("abc", Duration.ofSeconds(10)));
        same("", docker -> docker.startContainerCmd("abc").exec(), http -> new DockerContainers(http).start("abc"));
    }

    @Test
    void networksAndVolumesAsDockerJavaDoes() throws IOException {
        same(
                "{\"Id\":\"n\"}",
                docker -> docker.createNetworkCmd()
                        .withName("slugbuilder-1")
                        .withDriver("bridge")
                        .withLabels(Map.of("slugbuilder.app", "1"))
                        .withCheckDuplicate(true)
                        .exec(),
                http -> http.call(EngineHttp.Action.of("create"), "POST", "/networks/create", EngineJson.body(out -> {
                    out.writeStringField("Name", "slugbuilder-1");
                    out.writeStringField("Driver", "bridge");
                    out.writeBooleanField("CheckDuplicate", true);
                    EngineJson.stringMap(out, "Labels", Map.of("slugbuilder.app", "1"));
                })));
        same(
                "{\"Name\":\"v\"}",
                docker -> docker.createVolumeCmd()
                        .withName("slugbuilder-1-database")
                        .withLabels(Map.of("slugbuilder.app", "1"))
                        .exec(),
                http -> new DockerNetworksAndVolumes(http)
                        .createVolume("slugbuilder-1-database", Map.of("slugbuilder.app", "1")));
        same(
                "[]",
                docker -> docker.listNetworksCmd()
                        .withFilter("label", List.of("slugbuilder.app=1"))
                        .exec(),
                http -> new DockerNetworksAndVolumes(http).networks(Map.of("slugbuilder.app", "1")));
        same(
                "{\"Volumes\":[]}",
                docker -> docker.listVolumesCmd()
                        .withFilter("label", List.of("slugbuilder.app=1"))
                        .exec(),
                http -> new DockerNetworksAndVolumes(http).volumes(Map.of("slugbuilder.app", "1")));
    }

    @Test
    void imagesAsDockerJavaDoes() throws IOException {
        same(
                "",
                docker -> docker.tagImageCmd("app:1", "127.0.0.1:5055/my-app/web", "latest")
                        .exec(),
                http -> new DockerImages(http, null).tag("app:1", "127.0.0.1:5055/my-app/web", "latest"));
        same(
                "[]",
                docker -> docker.listImagesCmd()
                        .withLabelFilter(Map.of("slugbuilder.app", "1"))
                        .exec(),
                http -> new DockerImages(http, null).list(Map.of("slugbuilder.app", "1")));
        same("", docker -> docker.removeImageCmd("app:1").withForce(true).exec(), http -> new DockerImages(http, null)
                .remove("app:1"));
    }

    @Test
    void pushesWithTheSameCredentialsHeader() throws IOException {
        same(
                "{\"status\":\"Pushed\"}",
                docker -> {
                    try {
                        docker.pushImageCmd("127.0.0.1:5055/my-app/web")
                                .withTag("latest")
                                .withAuthConfig(new AuthConfig()
                                        .withRegistryAddress("127.0.0.1:5055")
                                        .withUsername("_")
                                        .withPassword("token"))
                                .exec(new ResultCallback.Adapter<PushResponseItem>())
                                .awaitCompletion();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                http -> new DockerRegistry(http, new DockerImages(http, null))
                        .push(
                                "127.0.0.1:5055/my-app/web:latest",
                                new RegistryAuth("127.0.0.1:5055", "_", "token"),
                                event -> {}));
    }
}
