package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Which failure reaches the user when one side of the pipe stops. */
class StreamingPipeTest {

    @Test
    void theWritersOwnErrorWinsOverTheStreamItCutShort() {
        SlugbuilderException unreadable =
                SlugbuilderException.badFile("lib/secret.pem", 0, "permission denied", "fix it");
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> StreamingPipe.run(
                        "test",
                        out -> {
                            out.write("partial".getBytes(StandardCharsets.UTF_8));
                            throw unreadable;
                        },
                        in -> {
                            try {
                                in.readAllBytes();
                            } catch (IOException io) {
                                throw new UncheckedIOException(io);
                            }
                            throw new IllegalStateException(
                                    "unexpected EOF"); // what the engine says about a truncated tar
                        }));
        assertSame(unreadable, e);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("unexpected EOF", e.getSuppressed()[0].getMessage());
    }

    @Test
    void theReadersFailureWinsOverTheBrokenPipeItCauses() {
        IllegalStateException refused = new IllegalStateException("the engine refused the build");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> StreamingPipe.run(
                        "test",
                        out -> {
                            byte[] chunk = new byte[64 * 1024];
                            while (true) {
                                out.write(chunk); // until the reader has gone
                            }
                        },
                        in -> {
                            throw refused;
                        }));
        assertSame(refused, e);
    }
}
