package slugbuilder.engine.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A container's output as the Engine API streams it: without a terminal, frames of an 8-byte
 * header (the stream: 1 stdout, 2 stderr; then the payload's length, big-endian, in bytes 4 to
 * 7) and the payload; with one, the bytes as they come, all of them stdout.
 */
final class LogFrames {
    static final int STDOUT = 0;
    static final int STDERR = 1;
    /** The engine's frames hold a log message (at most 16 KiB) or an attach read (32 KiB); more is not a frame. */
    static final int MAX_FRAME = 1 << 20;

    /** Receives one payload: which stream (STDOUT, STDERR) and its bytes (a frame's whole payload). */
    interface Sink {
        void accept(int stream, byte[] payload);
    }

    private LogFrames() {}

    /** Reads IN to its end into SINK; TERMINAL: the container has one, so IN is not framed. */
    static void read(InputStream in, boolean terminal, Sink sink) throws IOException {
        if (terminal) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sink.accept(STDOUT, Arrays.copyOf(buffer, n));
            }
            return;
        }
        byte[] header = new byte[8];
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got == 0) {
                return;
            }
            if (got < 8) {
                throw new EOFException("the engine's log stream ended inside a frame's header");
            }
            int stream = header[0] == 2 ? STDERR : STDOUT;
            int length = ((header[4] & 0xff) << 24)
                    | ((header[5] & 0xff) << 16)
                    | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("the engine's log stream has a frame of " + Integer.toUnsignedString(length)
                        + " bytes (at most " + MAX_FRAME + " expected)");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new EOFException("the engine's log stream ended inside a frame");
            }
            sink.accept(stream, payload);
        }
    }
}
