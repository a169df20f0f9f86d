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

    @Test
    void withoutDockersSocketPodmansOrRootlessDockersIsFoundInThatOrder() {
        Map<String, String> settings = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");
        Path userPodman = Path.of("/run/user/1000/podman/podman.sock");
        Path rootless = Path.of("/run/user/1000/docker.sock");
        assertEquals(
                Optional.of(userPodman),
                EngineAddress.unixSocket(settings::get, home, p -> p.equals(userPodman) || p.equals(rootless)));
        assertEquals(
                Optional.of(EngineAddress.PODMAN_SYSTEM_SOCKET),
                EngineAddress.unixSocket(
                        settings::get, home, p -> p.equals(EngineAddress.PODMAN_SYSTEM_SOCKET) || p.equals(rootless)));
        assertEquals(Optional.of(rootless), EngineAddress.unixSocket(settings::get, home, rootless::equals));
        assertEquals(
                Optional.of(EngineAddress.DEFAULT_SOCKET),
                EngineAddress.unixSocket(settings::get, home, p -> true),
                "Docker's own socket first when it is there");
        assertEquals(
                Optional.of(EngineAddress.DEFAULT_SOCKET),
                EngineAddress.unixSocket(settings::get, home, p -> false),
                "none there: Docker's, which the error names");
        assertEquals(
                "no engine at /var/run/docker.sock; using Podman's socket unix:///run/user/1000/podman/podman.sock"
                        + " (DOCKER_HOST chooses another)",
                EngineAddress.foundInstead(userPodman));
    }

    @Test
    void aNamedHostIsNeverReplacedByAnotherEnginesSocket() {
        assertEquals(
                Optional.of(Path.of("/srv/docker.sock")),
                EngineAddress.unixSocket(
                        Map.of("DOCKER_HOST", "unix:///srv/docker.sock", "XDG_RUNTIME_DIR", "/run/user/1000")::get,
                        home,
                        p -> !p.equals(Path.of("/srv/docker.sock"))));
    }
}
