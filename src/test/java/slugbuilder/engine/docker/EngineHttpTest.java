package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A refusal reads as the exception docker-java throws for its status, so it is worded alike. */
class EngineHttpTest {
    private static EngineHttp answering(int status, String body) {
        return (method, path, json) -> new EngineHttp.Reply(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSuccessIsTheReply() {
        assertEquals("{}", answering(201, "{}").call("POST", "/x", null).text());
    }

    @Test
    void refusalsAreDockerJavasExceptions() {
        NotFoundException missing =
                assertThrows(NotFoundException.class, () -> answering(404, "{\"message\":\"No such image: x\"}\n")
                        .call("GET", "/x", null));
        assertEquals("Status 404: {\"message\":\"No such image: x\"}", missing.getMessage());
        assertEquals("No such image: x", EngineErrors.engineMessage(missing));
        assertThrows(ConflictException.class, () -> answering(409, "busy").call("DELETE", "/x", null));
        DockerException other =
                assertThrows(DockerException.class, () -> answering(503, "down").call("GET", "/x", null));
        assertEquals(503, other.getHttpStatus());
    }

    @Test
    void aTransportFailureIsUnchecked() {
        EngineHttp broken = (method, path, json) -> {
            throw new IOException("No such file or directory");
        };
        assertThrows(UncheckedIOException.class, () -> broken.call("GET", "/version", null));
    }

    @Test
    void pathsKeepReferencesAsTheCliSendsThem() {
        assertEquals("registry:5000/a/b:1.0@sha256:ab", DockerJavaEngine.pathOf("registry:5000/a/b:1.0@sha256:ab"));
        assertEquals("a%20b%3F", DockerJavaEngine.pathOf("a b?"));
    }
}
