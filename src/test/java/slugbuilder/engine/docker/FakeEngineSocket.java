package slugbuilder.engine.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The engine's side of its unix socket for unit tests: each connection's request (its request
 * line, and its body when chunked) is recorded and answered with the bytes ANSWER gives for its
 * request line; an answer that does not end its body leaves the connection open, as a followed
 * log does, until {@link #close()}.
 */
final class FakeEngineSocket implements AutoCloseable {
    /** One request as received: "GET /path HTTP/1.1", its headers, and its (de-chunked) body. */
    record Request(String line, List<String> headers, byte[] body) {}

    private final ServerSocketChannel server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    FakeEngineSocket(Path socket, Function<String, byte[]> answer) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel client = server.accept();
                    open.add(client);
                    InputStream in = new BufferedInputStream(Channels.newInputStream(client));
                    String line = line(in);
                    List<String> headers = new ArrayList<>();
                    for (String header = line(in); !header.isEmpty(); header = line(in)) {
                        headers.add(header);
                    }
                    boolean chunked = headers.contains("Transfer-Encoding: chunked");
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    if (chunked) {
                        for (int size = Integer.parseInt(line(in), 16);
                                size > 0;
                                size = Integer.parseInt(line(in), 16)) {
                            body.write(in.readNBytes(size));
                            line(in);
                        }
                        line(in);
                    }
                    requests.add(new Request(line, headers, body.toByteArray()));
                    OutputStream out = Channels.newOutputStream(client);
                    out.write(answer.apply(line));
                    out.flush();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    List<Request> requests() {
        return requests;
    }

    static byte[] answer(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return concat(
                ("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel client : open) {
            client.close();
        }
    }
}
