package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.docker.DockerEngine;

/** No engine where DOCKER_HOST points: one clear error, no hang. Needs no engine. */
class EngineUnreachableTest {
    @AfterEach
    void restore() {
        System.clearProperty("DOCKER_HOST");
    }

    @Test
    void aMissingSocketIsNamedInTheError() {
        System.setProperty("DOCKER_HOST", "unix:///tmp/slugbuilder-no-such.sock");
        SlugbuilderException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(
                        SlugbuilderException.class, () -> DockerEngine.connect(Cleanup.registry(), note -> {})),
                "must not hang");
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("cannot reach a Docker engine at unix:///tmp/slugbuilder-no-such.sock: "),
                e.getMessage());
        assertTrue(e.hint().contains("DOCKER_HOST"), e.hint());
    }

    @Test
    void aMalformedDockerHostIsAnEngineErrorNamingIt() {
        System.setProperty("DOCKER_HOST", "unix:///tmp/no such dir/docker.sock");
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> DockerEngine.connect(Cleanup.registry(), note -> {}));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("cannot reach a Docker engine at unix:///tmp/no such dir/docker.sock: "),
                e.getMessage());
    }

    @Test
    void aClosedTcpPortIsNamedInTheError() {
        System.setProperty("DOCKER_HOST", "tcp://127.0.0.1:9");
        SlugbuilderException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(
                        SlugbuilderException.class, () -> DockerEngine.connect(Cleanup.registry(), note -> {})));
        assertTrue(e.getMessage().startsWith("cannot reach a Docker engine at tcp://127.0.0.1:9: "), e.getMessage());
    }
}
