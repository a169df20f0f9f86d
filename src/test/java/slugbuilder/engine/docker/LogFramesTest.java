package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFramesTest {
    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {
            (byte) stream,
            0,
            0,
            0,
            (byte) (payload.length >>> 24),
            (byte) (payload.length >>> 16),
            (byte) (payload.length >>> 8),
            (byte) payload.length
        });
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static List<String> read(byte[] bytes, boolean terminal) throws IOException {
        List<String> got = new ArrayList<>();
        LogFrames.read(
                new ByteArrayInputStream(bytes),
                terminal,
                (stream, payload) -> got.add(
                        (stream == LogFrames.STDERR ? "err:" : "out:") + new String(payload, StandardCharsets.UTF_8)));
        return got;
    }

    @Test
    void framesAreSplitByStreamWithTheirWholePayloads() throws IOException {
        String big = "x".repeat(70_000) + "é\n";
        assertEquals(
                List.of("out:listening on 5000\n", "err:warning: ü\n", "out:" + big),
                read(
                        FakeEngineSocket.concat(
                                frame(1, "listening on 5000\n"), frame(2, "warning: ü\n"), frame(1, big)),
                        false));
        assertEquals(List.of(), read(new byte[0], false));
    }

    @Test
    void aTerminalsOutputIsUnframedStdout() throws IOException {
        assertEquals(
                List.of("out:\u0001\u0000 raw bytes\r\n"),
                read("\u0001\u0000 raw bytes\r\n".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void aStreamCutInsideAFrameOrAHugeFrameIsAnError() {
        byte[] whole = frame(1, "hello\n");
        assertThrows(EOFException.class, () -> read(Arrays.copyOf(whole, 5), false));
        assertThrows(EOFException.class, () -> read(Arrays.copyOf(whole, whole.length - 1), false));
        assertThrows(IOException.class, () -> read(new byte[] {1, 0, 0, 0, 0x7f, 0, 0, 0}, false));
    }
}
