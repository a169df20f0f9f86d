package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebCheckTest {
    @Test
    void anyStatusIsAnAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertTrue(WebCheck.awaitAnswer(url, Duration.ofSeconds(10), () -> true));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningIsNoAnswerOnceTheProcessEnds() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        AtomicInteger polls = new AtomicInteger();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        assertFalse(WebCheck.awaitAnswer(url, Duration.ofSeconds(10), () -> polls.incrementAndGet() < 3));
        assertTrue(polls.get() >= 3, "polled " + polls.get() + " times");
    }

    @Test
    void aConnectionClosedWithoutAResponseIsNoAnswer() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                while (!proxy.isClosed()) {
                    try {
                        proxy.accept().close(); // as the engine's port proxy does before the app listens
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            closer.start();
            URI url = URI.create("http://127.0.0.1:" + proxy.getLocalPort() + "/");
            assertFalse(WebCheck.awaitAnswer(url, Duration.ofMillis(500), () -> true));
        }
    }
}
