package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

        UnixSocketHttp.Response got = UnixSocketHttp.open(socket, "GET", "/containers/abc/archive?path=%2Fapp");
        try (InputStream body = got.body()) {
            assertEquals(200, got.status());
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
        UnixSocketHttp.Response got = UnixSocketHttp.open(socket, "GET", "/containers/abc/archive?path=%2Fnope");
        try (InputStream body = got.body()) {
            assertEquals(404, got.status());
            assertEquals(
                    "{\"message\":\"Could not find the file\"}\n",
                    new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aBodyCutOffInsideAChunkIsAnError() throws Exception {
        Path socket = dir.resolve("e3.sock");
        serveOnce(socket, bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly a little"));
        UnixSocketHttp.Response got = UnixSocketHttp.open(socket, "GET", "/x");
        try (InputStream body = got.body()) {
            assertThrows(EOFException.class, body::readAllBytes);
        }
    }

    @Test
    void uploadsABodyOfUnknownLengthInChunks() throws Exception {
        byte[] payload = new byte[700_000]; // several of the client's chunks
        new Random(2).nextBytes(payload);
        Path socket = dir.resolve("up.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(socket, line -> FakeEngineSocket.answer(200, "ok"))) {
            UnixSocketHttp.Response got =
                    UnixSocketHttp.upload(socket, "POST", "/build?t=a%3Ab", "application/x-tar", out -> {
                        out.write(payload, 0, 1000);
                        out.write(payload[1000]);
                        out.write(payload, 1001, payload.length - 1001);
                    });
            try (InputStream body = got.body()) {
                assertEquals(200, got.status());
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
        UnixSocketHttp.Response got = UnixSocketHttp.upload(socket, "POST", "/build", "application/x-tar", out -> {
            request.join(); // the engine has answered and closed
            for (int i = 0; i < 64; i++) {
                out.write(big);
            }
        });
        try (InputStream body = got.body()) {
            assertEquals(400, got.status());
            assertEquals(refusal, new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theBodysOwnFailureIsNotTakenForTheEngines() throws Exception {
        Path socket = dir.resolve("own.sock");
        serveOnce(socket, bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        IOException unreadable = assertThrows(
                IOException.class,
                () -> UnixSocketHttp.upload(socket, "POST", "/build", "application/x-tar", out -> {
                    throw new IOException("app/secret: Permission denied");
                }));
        assertEquals("app/secret: Permission denied", unreadable.getMessage());
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
        UnixSocketHttp.Response got = UnixSocketHttp.open(socket, "GET", "/containers/abc/logs?follow=1");
        try (InputStream body = got.body()) {
            // readNBytes(n) ends with a read of zero bytes once it has n
            assertEquals("hello", new String(body.readNBytes(5), StandardCharsets.US_ASCII));
        } finally {
            ended.complete(null);
        }
    }
}
