package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine's side played by a unix socket server that answers one request with canned bytes. */
class UnixSocketHttpTest {
    @TempDir
    Path dir;

    private CompletableFuture<String> serveOnce(Path socket, byte[] response) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return CompletableFuture.supplyAsync(() -> {
            try (server;
                    SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    request.write(in.read());
                }
                OutputStream out = Channels.newOutputStream(client);
                out.write(response);
                out.flush();
                return request.toString(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static DockerHttpClient.Response open(Path socket, String method, String path) {
        return new UnixSocketHttp(socket)
                .execute(DockerHttpClient.Request.builder()
                        .method(method)
                        .path(path)
                        .build());
    }

    private static DockerHttpClient.Response upload(Path socket, String path, InputStream body) {
        return new UnixSocketHttp(socket)
                .execute(DockerHttpClient.Request.builder()
                        .method("POST")
                        .path(path)
                        .putHeader("Content-Type", "application/x-tar")
                        .body(body)
                        .build());
    }

    @Test
    @Timeout(10)
    void anAttachsInputEndsWithAHalfCloseAndItsOutputStillArrives() throws Exception {
        Path socket = dir.resolve("attach.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
            try (server;
                    SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    request.write(in.read());
                }
                OutputStream out = Channels.newOutputStream(client);
                out.write(bytes("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
                byte[] input = in.readAllBytes(); // ends only with the client's half-close
                out.write(input);
                out.write(bytes(" and bye"));
                return request.toString(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        DockerHttpClient.Response got = new UnixSocketHttp(socket)
                .execute(DockerHttpClient.Request.builder()
                        .method("POST")
                        .path("/containers/abc/attach?stream=1&stdin=1")
                        .hijackedInput(new ByteArrayInputStream(bytes("piped input")))
                        .build());
        try (InputStream body = got.getBody()) {
            assertEquals(101, got.getStatusCode());
            assertEquals("piped input and bye", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertTrue(head.get().contains("Upgrade: tcp\r\n"), head.get());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        byte[] payload = new byte[300_000];
        new Random(1).nextBytes(payload);
        byte[] response = FakeEngineSocket.concat(
                bytes("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"),
                bytes("1000;name=x\r\n"),
                Arrays.copyOfRange(payload, 0, 0x1000),
                bytes("\r\n"),
                bytes(Integer.toHexString(payload.length - 0x1000).toUpperCase(Locale.ROOT) + "\r\n"),
                Arrays.copyOfRange(payload, 0x1000, payload.length),
                bytes("\r\n"),
                bytes("0\r\nX-Trailer: y\r\n\r\n"));
        Path socket = dir.resolve("engine.sock");
        CompletableFuture<String> request = serveOnce(socket, response);

        DockerHttpClient.Response got = open(socket, "GET", "/containers/abc/archive?path=%2Fapp");
        try (InputStream body = got.getBody()) {
            assertEquals(200, got.getStatusCode());
            assertArrayEquals(payload, body.readAllBytes());
        }
        assertTrue(request.get().startsWith("GET /containers/abc/archive?path=%2Fapp HTTP/1.1\r\n"), request.get());
    }

    @Test
    void readsABodyOfKnownLengthAndAnErrorStatus() throws Exception {
        Path socket = dir.resolve("e2.sock");
        serveOnce(
                socket,
                bytes(
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 38\r\n\r\n{\"message\":\"Could not find the file\"}\nEXTRA"));
        DockerHttpClient.Response got = open(socket, "GET", "/containers/abc/archive?path=%2Fnope");
        try (InputStream body = got.getBody()) {
            assertEquals(404, got.getStatusCode());
            assertEquals(
                    "{\"message\":\"Could not find the file\"}\n",
                    new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aBodyCutOffInsideAChunkIsAnError() throws Exception {
        Path socket = dir.resolve("e3.sock");
        serveOnce(socket, bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly a little"));
        DockerHttpClient.Response got = open(socket, "GET", "/x");
        try (InputStream body = got.getBody()) {
            assertThrows(EOFException.class, body::readAllBytes);
        }
    }

    @Test
    void uploadsABodyOfUnknownLengthInChunks() throws Exception {
        byte[] payload = new byte[700_000]; // several of the client's chunks
        new Random(2).nextBytes(payload);
        Path socket = dir.resolve("up.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(socket, line -> FakeEngineSocket.answer(200, "ok"))) {
            DockerHttpClient.Response got = upload(socket, "/build?t=a%3Ab", new ByteArrayInputStream(payload));
            try (InputStream body = got.getBody()) {
                assertEquals(200, got.getStatusCode());
                assertEquals("ok", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
            }
            FakeEngineSocket.Request request = engine.requests().get(0);
            assertArrayEquals(payload, request.body());
            assertEquals("POST /build?t=a%3Ab HTTP/1.1", request.line());
            assertTrue(
                    request.headers().contains("Transfer-Encoding: chunked"),
                    request.headers().toString());
            assertTrue(
                    request.headers().contains("Content-Type: application/x-tar"),
                    request.headers().toString());
        }
    }

    @Test
    void anEngineThatAnswersBeforeTheBodyEndsIsHeard() throws Exception {
        Path socket = dir.resolve("refuse.sock");
        String refusal = "{\"message\":\"no such platform\"}";
        // answers after the head, and closes without reading the body
        CompletableFuture<String> request = serveOnce(
                socket,
                bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: " + refusal.length() + "\r\n\r\n" + refusal));
        byte[] big = new byte[1 << 20];
        InputStream body64m = new InputStream() {
            private int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                request.join(); // the engine has answered and closed
                if (sent >= 64 * big.length) {
                    return -1;
                }
                int n = Math.min(len, big.length);
                sent += n;
                return n;
            }
        };
        DockerHttpClient.Response got = upload(socket, "/build", body64m);
        try (InputStream body = got.getBody()) {
            assertEquals(400, got.getStatusCode());
            assertEquals(refusal, new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theBodysOwnFailureIsNotTakenForTheEngines() throws Exception {
        Path socket = dir.resolve("own.sock");
        serveOnce(socket, bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        InputStream unreadableBody = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("app/secret: Permission denied");
            }
        };
        UnixSocketHttp.BodyFailedException unreadable =
                assertThrows(UnixSocketHttp.BodyFailedException.class, () -> upload(socket, "/build", unreadableBody));
        assertEquals("app/secret: Permission denied", unreadable.getCause().getMessage());
    }

    @Test
    @Timeout(10)
    void aReadOfNothingDoesNotWaitForTheNextChunk() throws Exception {
        Path socket = dir.resolve("follow.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> {
            try (server;
                    SocketChannel client = server.accept()) {
                Channels.newOutputStream(client)
                        .write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
                ended.get(); // a followed log: the next chunk comes when the process writes again
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DockerHttpClient.Response got = open(socket, "GET", "/containers/abc/logs?follow=1");
        try (InputStream body = got.getBody()) {
            // readNBytes(n) ends with a read of zero bytes once it has n
            assertEquals("hello", new String(body.readNBytes(5), StandardCharsets.US_ASCII));
        } finally {
            ended.complete(null);
        }
    }
}
