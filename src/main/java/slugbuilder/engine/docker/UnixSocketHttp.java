package slugbuilder.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docker-java's transport, {@link DockerHttpClient}, over the engine's unix socket with the JDK's
 * own {@link SocketChannel}: HTTP/1.1, one connection per request, a body of unknown length
 * sent chunked, and the connection handed over for an attach's input ({@code Upgrade: tcp}),
 * whose end is a half-close. Two reasons for it: docker-java's own transport reads a large
 * response at about 50 MB/s of CPU, and the slug's archive of /app is hundreds of MB (measured:
 * 290 MB in 5.5 s there, about 1 s here); and it starts in milliseconds, where docker-java's
 * transport and config take 0.2 to 0.4 s. docker-java's transport serves TCP, TLS and contexts.
 */
final class UnixSocketHttp implements DockerHttpClient {
    private static final int BUFFER = 256 * 1024;

    private final Path socket;

    UnixSocketHttp(Path socket) {
        this.socket = socket;
    }

    /** The body of a request failed on its own (its cause), not the connection: nothing is wrong with the engine. */
    static final class BodyFailedException extends UncheckedIOException {
        BodyFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public Response execute(Request request) {
        try {
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // one connection per request: nothing stays open
    }

    /**
     * Sends REQUEST. A body of unknown length goes chunked; an engine that refuses the request may
     * answer and close before it has read the body: its answer is returned, not the failed write.
     */
    private Response send(Request request) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            StringBuilder headers = new StringBuilder();
            request.headers()
                    .forEach((name, value) ->
                            headers.append(name).append(": ").append(value).append("\r\n"));
            byte[] bytes = request.bodyBytes();
            InputStream stream = bytes == null ? request.body() : null;
            if (bytes != null) {
                headers.append("Content-Length: ").append(bytes.length).append("\r\n");
            } else if (stream != null) {
                headers.append("Transfer-Encoding: chunked\r\n");
            }
            boolean hijack = request.hijackedInput() != null;
            out.write(head(request.method(), request.path(), headers.toString(), hijack));
            if (bytes != null) {
                out.write(bytes);
            } else if (stream != null) {
                IOException refused = sendChunked(stream, out);
                if (refused != null) {
                    try {
                        return response(channel);
                    } catch (IOException unanswered) {
                        refused.addSuppressed(unanswered);
                        throw refused;
                    }
                }
            }
            out.flush();
            Response response = response(channel);
            if (hijack && response.getStatusCode() == 101) {
                pumpInput(request.hijackedInput(), channel);
            }
            return response;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends STREAM as chunks; returns the socket's failure, if any (its own read failure is thrown). */
    private static IOException sendChunked(InputStream stream, OutputStream socketOut) {
        ChunkedOutput out = new ChunkedOutput(socketOut);
        byte[] buffer = new byte[64 * 1024];
        try {
            while (true) {
                int n;
                try {
                    n = stream.read(buffer);
                } catch (IOException own) {
                    throw new BodyFailedException(own);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            out.finish();
            return null;
        } catch (IOException socketFailure) {
            return socketFailure;
        }
    }

    /**
     * An attach's input: copied to the engine on its own thread; its end half-closes the
     * connection. Written to the channel itself: a stream from {@link Channels} would wait for the
     * lock the output's blocked read holds.
     */
    private static void pumpInput(InputStream input, SocketChannel channel) {
        Thread pump = new Thread(
                () -> {
                    try {
                        byte[] buffer = new byte[8192];
                        for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
                            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                            while (chunk.hasRemaining()) {
                                channel.write(chunk);
                            }
                        }
                        channel.shutdownOutput();
                    } catch (IOException ignored) {
                        // the container ended, or the connection was closed: its output says the rest
                    }
                },
                "attach-input");
        pump.setDaemon(true);
        pump.start();
    }

    private static byte[] head(String method, String pathAndQuery, String headers, boolean hijack) {
        String connection = hijack ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n";
        return (method + " " + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\n" + connection + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Response response(SocketChannel channel) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response from the engine: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        boolean chunked = false;
        long length = -1;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).strip();
            String value = header.substring(colon + 1).strip();
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            }
        }
        // 101 (an attach's input follows) and a body without framing run to the connection's end
        InputStream body = status == 101 ? in : chunked ? new Chunked(in) : length >= 0 ? new Limited(in, length) : in;
        return new SocketResponse(status, headers, new FilterInputStream(body) {
            @Override
            public void close() throws IOException {
                channel.close();
            }
        });
    }

    private record SocketResponse(int status, Map<String, List<String>> headers, InputStream body) implements Response {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return body;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing the connection: nothing left to do
            }
        }
    }

    /** A chunked request body: each buffer's worth is one chunk. */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream socket;
        private final byte[] buffer = new byte[BUFFER];
        private int used;

        ChunkedOutput(OutputStream socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flushChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** The last chunk and the empty one that ends the body. */
        void finish() throws IOException {
            flushChunk();
            toSocket("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, 5);
        }

        private void flushChunk() throws IOException {
            if (used > 0) {
                byte[] size = (Integer.toHexString(used) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                toSocket(size, 0, size.length);
                toSocket(buffer, 0, used);
                toSocket(CRLF, 0, 2);
                used = 0;
            }
        }

        private void toSocket(byte[] b, int off, int len) throws IOException {
            socket.write(b, off, len);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the engine closed the connection mid-header");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** A stream that reads in bulk; one byte is a bulk read of one. */
    private abstract static class BulkInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A chunked body (RFC 9112 §7.1), trailers ignored. */
    private static final class Chunked extends BulkInputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0; // InputStream.readNBytes asks for none once it has all: the next chunk may be far off
            }
            if (left == 0) {
                String size = line(in);
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                if (left == 0) {
                    for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                        // trailers carry nothing slugbuilder needs
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the engine's response ended inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in); // the CRLF after the chunk's data
            }
            return n;
        }
    }

    /** A body of a known length. */
    private static final class Limited extends BulkInputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the engine's response ended early");
            }
            left -= n;
            return n;
        }
    }
}
