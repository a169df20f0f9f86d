package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.ContainerSpec;

/** The create request's body in the Engine API's shape, and reading a reply's field. */
class EngineJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(ContainerSpec spec) throws IOException {
        return JSON.readTree(EngineJson.createBody(spec));
    }

    @Test
    void aPlainContainerRunsItsCommandUnderInit() throws IOException {
        JsonNode body = body(new ContainerSpec(
                "img:1", List.of("/bin/true"), null, List.of("A=1"), null, Map.of(), Map.of(), Map.of("k", "v")));
        assertEquals("img:1", body.path("Image").asText());
        assertEquals("[\"/bin/true\"]", body.path("Cmd").toString());
        assertEquals("[\"A=1\"]", body.path("Env").toString());
        assertEquals("v", body.path("Labels").path("k").asText());
        assertTrue(body.path("HostConfig").path("Init").asBoolean());
        assertFalse(body.path("Tty").asBoolean());
        assertFalse(body.has("OpenStdin"));
        assertFalse(body.has("ExposedPorts"));
        assertFalse(body.path("HostConfig").has("Binds"));
    }

    @Test
    void portsBindsVolumesNetworkAndTerminal() throws IOException {
        ContainerSpec spec = new ContainerSpec(
                        "img",
                        List.of("bash"),
                        "u",
                        List.of(),
                        "/app",
                        Map.of(5000, 5006),
                        Map.of("/host", "/in"),
                        Map.of(),
                        null,
                        true,
                        null,
                        Map.of(),
                        null)
                .withNetwork(new ContainerSpec.NetworkJoin("net1", List.of("db")))
                .withVolumes(Map.of("vol", "/data"));
        JsonNode body = body(spec);
        assertEquals("u", body.path("User").asText());
        assertEquals("/app", body.path("WorkingDir").asText());
        assertTrue(body.path("Tty").asBoolean());
        assertTrue(body.path("OpenStdin").asBoolean() && body.path("StdinOnce").asBoolean());
        assertTrue(body.path("ExposedPorts").has("5000/tcp"));
        JsonNode binding =
                body.path("HostConfig").path("PortBindings").path("5000/tcp").get(0);
        assertEquals("127.0.0.1", binding.path("HostIp").asText());
        assertEquals("5006", binding.path("HostPort").asText());
        assertEquals(
                "[\"/host:/in\",\"vol:/data\"]",
                body.path("HostConfig").path("Binds").toString());
        assertEquals("net1", body.path("HostConfig").path("NetworkMode").asText());
        assertEquals(
                "[\"db\"]",
                body.path("NetworkingConfig")
                        .path("EndpointsConfig")
                        .path("net1")
                        .path("Aliases")
                        .toString());
    }

    @Test
    void readsATopLevelStringField() {
        byte[] reply =
                "{\"Warnings\":[\"x\"],\"Nested\":{\"Id\":\"no\"},\"Id\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("abc", EngineJson.field(reply, "Id"));
        assertNull(EngineJson.field(reply, "Missing"));
        assertNull(EngineJson.field("not json".getBytes(StandardCharsets.UTF_8), "Id"));
        assertNull(EngineJson.field("{\"Id\": 3}".getBytes(StandardCharsets.UTF_8), "Id"));
    }

    @Test
    void anImagesInspectionReadsAsATree() {
        Map<String, Object> image =
                EngineJson.tree(("{\"Id\":\"sha256:ab\",\"Size\":123,\"Config\":{\"User\":\"app\",\"Cmd\":null,"
                                + "\"OnBuild\":[\"COPY . /app\",\"RUN make\"],\"Labels\":{\"a\":\"1\"},"
                                + "\"ExposedPorts\":{\"5000/tcp\":{}},\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Tty\":false,"
                                + "\"Ratio\":1.5}}")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> config = EngineJson.objectAt(image, "Config");
        assertEquals("sha256:ab", EngineJson.stringAt(image, "Id"));
        assertEquals(123, ((Number) image.get("Size")).intValue());
        assertEquals("app", EngineJson.stringAt(config, "User"));
        assertEquals(List.of(), EngineJson.stringsAt(config, "Cmd"), "null is absent");
        assertEquals(List.of("COPY . /app", "RUN make"), EngineJson.stringsAt(config, "OnBuild"));
        assertEquals(Map.of("a", "1"), EngineJson.objectAt(config, "Labels"));
        assertEquals(
                Set.of("5000/tcp"), EngineJson.objectAt(config, "ExposedPorts").keySet());
        assertEquals(List.of("NONE"), EngineJson.stringsAt(EngineJson.objectAt(config, "Healthcheck"), "Test"));
        assertEquals(Boolean.FALSE, config.get("Tty"));
        assertEquals(Map.of(), EngineJson.objectAt(config, "Volumes"));
        assertEquals("", EngineJson.stringAt(config, "WorkingDir"));
        assertEquals(Map.of(), EngineJson.tree("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of(), EngineJson.tree("[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMapIsOneObjectOfStrings() {
        assertEquals(
                "{\"a\":\"x \\\"y\\\"\",\"b\":\"\"}",
                EngineJson.object(new TreeMap<>(Map.of("a", "x \"y\"", "b", ""))));
    }
}
