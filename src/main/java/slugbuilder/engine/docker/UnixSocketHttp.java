package slugbuilder.engine.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * HTTP/1.1 over the engine's unix socket, one connection per request. Two reasons: docker-java's
 * transport reads a large response at about 50 MB/s of CPU, and the slug's archive of /app is
 * hundreds of MB (measured: 290 MB in 5.5 s there, about 1 s here); and setting docker-java up
 * (its config, Jackson databind, the HTTP client) costs about 0.4 s before its first request,
 * which {@code slug pack} spent on a version, an image lookup, a create and a remove.
 */
final class UnixSocketHttp implements EngineHttp {
    private static final int BUFFER = 256 * 1024;

    private final Path socket;

    UnixSocketHttp(Path socket) {
        this.socket = socket;
    }

    @Override
    public Reply send(String method, String pathAndQuery, byte[] json) throws IOException {
        Response response = open(socket, method, pathAndQuery, json);
        try (InputStream body = response.body()) {
            return new Reply(response.status(), EngineHttp.readReply(body));
        }
    }

    /** The response: its status, and its body (the caller closes it; that closes the connection). */
    record Response(int status, InputStream body) {}

    /** A request without a body whose response is read as it arrives. */
    static Response open(Path socket, String method, String pathAndQuery) throws IOException {
        return open(socket, method, pathAndQuery, null);
    }

    private static Response open(Path socket, String method, String pathAndQuery, byte[] json) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(head(
                    method,
                    pathAndQuery,
                    json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n"));
            if (json != null) {
                out.write(json);
            }
            out.flush();
            return response(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes a request's body. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The body's writer failed on its own (its cause), not the connection: nothing is wrong with the engine. */
    static final class BodyFailedException extends IOException {
        BodyFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * A request whose body BODY writes as it goes (chunked, so its length need not be known), and
     * whose response is read as it arrives. An engine that refuses the request may answer and
     * close before it has read the body: its answer is returned, not the failed write.
     */
    static Response upload(Path socket, String method, String pathAndQuery, String contentType, Body body)
            throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ChunkedOutput out = new ChunkedOutput(Channels.newOutputStream(channel));
            out.socket.write(
                    head(method, pathAndQuery, "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n"));
            try {
                body.writeTo(out);
                out.finish();
            } catch (IOException e) {
                if (out.socketFailure == null) {
                    // the body's own failure (e.g. a file it could not read): the request is abandoned
                    throw new BodyFailedException(e);
                }
                try {
                    return response(channel);
                } catch (IOException unanswered) {
                    e.addSuppressed(unanswered);
                    throw e;
                }
            }
            return response(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] head(String method, String pathAndQuery, String headers) {
        return (method + " " + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n" + headers + "\r\n")
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
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(
                        lower.substring("content-length:".length()).strip());
            }
        }
        InputStream body = chunked ? new Chunked(in) : length >= 0 ? new Limited(in, length) : in;
        return new Response(status, new FilterInputStream(body) {
            @Override
            public void close() throws IOException {
                channel.close();
            }
        });
    }

    /** A chunked request body: each buffer's worth is one chunk; remembers a failed write to the socket. */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream socket;
        private final byte[] buffer = new byte[BUFFER];
        private int used;
        IOException socketFailure;

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
            try {
                socket.write(b, off, len);
            } catch (IOException e) {
                socketFailure = e;
                throw e;
            }
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
