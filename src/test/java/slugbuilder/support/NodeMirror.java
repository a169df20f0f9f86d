package slugbuilder.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import slugbuilder.detect.PlatformCatalog;

/**
 * A Node.js download mirror laid out like nodejs.org/dist/, assembled from the npm registry by
 * scripts/node-mirror.sh and served on 127.0.0.1, so the node template's real download step runs.
 * Builds reach it with the host network ({@code --build-network host}).
 */
public final class NodeMirror implements AutoCloseable {
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "slugbuilder", "node-mirror");
    private final HttpServer server;

    private NodeMirror(HttpServer server) {
        this.server = server;
    }

    /** The newest Node 20 of the built-in inventory: what the node sample apps of the ITs build with. */
    public static NodeMirror servingNode20() {
        return serving(PlatformCatalog.builtIn()
                .inventory("node")
                .newestMatching("^20")
                .orElseThrow());
    }

    public static NodeMirror serving(String version) {
        try {
            Process script = new ProcessBuilder("scripts/node-mirror.sh", version, CACHE.toString())
                    .inheritIO()
                    .start();
            if (script.waitFor() != 0) {
                throw new IllegalStateException("scripts/node-mirror.sh " + version + " failed");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                Path file = CACHE.resolve(exchange.getRequestURI().getPath().substring(1))
                        .normalize();
                if (!file.startsWith(CACHE) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream body = exchange.getResponseBody()) {
                    Files.copy(file, body);
                }
            });
            server.start();
            return new NodeMirror(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The NODE_MIRROR build argument's value. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
