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
            String head = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (json != null) {
                out.write(json);
            }
            out.flush();
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
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

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
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the engine's response ended early");
            }
            left -= n;
            return n;
        }
    }
}
