package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the engine's socket is known without docker-java, and when docker-java must decide. */
class EngineAddressTest {
    @TempDir
    Path home;

    private Optional<Path> socket(Map<String, String> settings) {
        return EngineAddress.unixSocket(settings::get, home);
    }

    @Test
    void nothingSetMeansTheDefaultSocket() {
        assertEquals(Optional.of(EngineAddress.DEFAULT_SOCKET), socket(Map.of()));
    }

    @Test
    void aUnixDockerHostIsItsPath() {
        assertEquals(
                Optional.of(Path.of("/run/user/1000/docker.sock")),
                socket(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")));
    }

    @Test
    void aMalformedHostIsLeftToDockerJavaToReport() {
        assertEquals(Optional.empty(), socket(Map.of("DOCKER_HOST", "unix:///a b/docker.sock")));
        assertEquals(Optional.empty(), socket(Map.of("DOCKER_HOST", "unix://")));
    }

    @Test
    void aTcpHostOrAContextIsLeftToDockerJava() {
        assertEquals(Optional.empty(), socket(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376")));
        assertEquals(Optional.empty(), socket(Map.of("DOCKER_CONTEXT", "rootless")));
        assertEquals(Optional.of(EngineAddress.DEFAULT_SOCKET), socket(Map.of("DOCKER_CONTEXT", "default")));
    }

    @Test
    void aCurrentContextInTheCliConfigIsLeftToDockerJava() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\": {}}");
        assertEquals(Optional.of(EngineAddress.DEFAULT_SOCKET), socket(Map.of()));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"colima\"}");
        assertEquals(Optional.empty(), socket(Map.of()));
    }

    @Test
    void dockerConfigNamesTheConfigDirectory() throws IOException {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("config.json"), "{\"currentContext\": \"colima\"}");
        assertEquals(Optional.empty(), socket(Map.of("DOCKER_CONFIG", elsewhere.toString())));
    }

    @Test
    void dockerJavasOwnPropertiesFileIsLeftToIt() throws IOException {
        Files.writeString(home.resolve(".docker-java.properties"), "DOCKER_HOST=tcp://10.0.0.1:2375\n");
        assertEquals(Optional.empty(), socket(Map.of()));
    }
}
