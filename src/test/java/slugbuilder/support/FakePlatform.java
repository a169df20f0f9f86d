package slugbuilder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local stand-in for the Heroku Platform API and its blob store, on 127.0.0.1: it creates
 * slugs, stores what is PUT to their blob URLs on disk, creates releases, and records every
 * request so tests can check their shapes and order.
 */
public final class FakePlatform implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Path blobs;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger releases = new AtomicInteger(41);
    private volatile MockResponse uploadRefusal;

    public FakePlatform(Path blobs) {
        this.blobs = blobs;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer(request);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every blob PUT from now on is answered with STATUS and BODY (as an object store refuses an expired URL). */
    public void refuseUploads(int status, String body) {
        uploadRefusal = new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/xml")
                .setBody(body);
    }

    /** The slug stored for slug id ID. */
    public Path blob(String id) {
        return blobs.resolve(id + ".tgz");
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        if (method.equals("POST") && path.matches("/apps/[^/]+/slugs")) {
            String id = "5a1a5a1a-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", requests.size());
            return json(
                    201,
                    "{\"id\":\"" + id + "\",\"blob\":{\"method\":\"put\",\"url\":\"" + baseUrl() + "/blobs/" + id
                            + "?signature=abc\"},\"process_types\":{},\"size\":null,\"checksum\":null,\"stack\":{\"id\":\"s\",\"name\":\"heroku-24\"}}");
        }
        if (method.equals("PUT") && path.startsWith("/blobs/")) {
            if (uploadRefusal != null) {
                return uploadRefusal;
            }
            String id = path.substring("/blobs/".length()).replaceAll("\\?.*", "");
            try {
                Files.createDirectories(blobs);
                Files.write(blob(id), request.getBody().readByteArray());
            } catch (IOException e) {
                return new MockResponse().setResponseCode(500);
            }
            return new MockResponse().setResponseCode(200);
        }
        if (method.equals("POST") && path.matches("/apps/[^/]+/releases")) {
            return json(
                    201,
                    "{\"id\":\"re1ea5e0-0000-4000-8000-000000000001\",\"version\":" + releases.incrementAndGet()
                            + ",\"status\":\"succeeded\",\"current\":true}");
        }
        if (method.equals("GET") && path.matches("/apps/[^/]+")) {
            String app = path.substring("/apps/".length());
            return json(200, "{\"name\":\"" + app + "\",\"web_url\":\"https://" + app + ".herokuapp.com/\"}");
        }
        return json(404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that.\"}");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("Request-Id", "req-1")
                .setBody(body);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
