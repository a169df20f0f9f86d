package slugbuilder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local stand-in for the Heroku Platform API and its blob store, on 127.0.0.1: it creates
 * slugs, stores what is PUT to their blob URLs on disk, creates releases, and records every
 * request so tests can check their shapes and order. With {@link #releasePhase} set, a release is
 * created {@code pending} with an output stream that answers 404 first, as Heroku's does, and
 * ends as told once its output was streamed. API requests without the version 3 Accept header or
 * a bearer token, a stream request that carries one, and a release list without the newest-first
 * Range header are refused with 400.
 */
public final class FakePlatform implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Path blobs;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger releases = new AtomicInteger(41);
    private volatile MockResponse uploadRefusal;
    private volatile ReleasePhase phase;
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final AtomicInteger streamRequests = new AtomicInteger();

    /** What a release phase does: its output's stream answers 404 MISSES times first, then gives LINES, then the release ends with OUTCOME. */
    public record ReleasePhase(int misses, List<String> lines, String outcome) {}

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

    /** Every release from now on runs PHASE; null: releases succeed at once. */
    public void releasePhase(ReleasePhase phase) {
        this.phase = phase;
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
        if (path.startsWith("/streams/")) {
            return stream(request, path.substring("/streams/".length()).replaceAll("\\?.*", ""));
        }
        String refused = refusal(request);
        if (refused != null) {
            return json(400, "{\"id\":\"bad_request\",\"message\":\"" + refused + "\"}");
        }
        if (method.equals("POST") && path.matches("/apps/[^/]+/releases")) {
            int version = releases.incrementAndGet();
            String id = "re1ea5e0-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", version);
            ReleasePhase now = phase;
            versions.put(id, version);
            statuses.put(id, now == null ? "succeeded" : "pending");
            String stream =
                    now == null ? "" : ",\"output_stream_url\":\"" + baseUrl() + "/streams/" + id + "?signature=abc\"";
            return json(201, release(id) + stream + "}");
        }
        if (method.equals("GET") && path.matches("/apps/[^/]+/releases/[^/]+")) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            return statuses.containsKey(id)
                    ? json(200, release(id) + "}")
                    : json(404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that release.\"}");
        }
        if (method.equals("GET") && path.matches("/apps/[^/]+/releases")) {
            String newest = versions.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(e -> release(e.getKey()) + "}")
                    .orElse(null);
            return json(206, newest == null ? "[]" : "[" + newest + "]");
        }
        if (method.equals("GET") && path.matches("/apps/[^/]+")) {
            String app = path.substring("/apps/".length());
            return json(200, "{\"name\":\"" + app + "\",\"web_url\":\"https://" + app + ".herokuapp.com/\"}");
        }
        return json(404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that.\"}");
    }

    /** A release's JSON, without its closing brace. */
    private String release(String id) {
        String status = statuses.get(id);
        boolean current = status.equals("succeeded")
                && versions.get(id)
                        .equals(versions.entrySet().stream()
                                .filter(e -> statuses.get(e.getKey()).equals("succeeded"))
                                .map(Map.Entry::getValue)
                                .max(Integer::compare)
                                .orElse(-1));
        return "{\"id\":\"" + id + "\",\"version\":" + versions.get(id) + ",\"status\":\"" + status + "\",\"current\":"
                + current;
    }

    /** The release phase's output: 404 while it "does not exist yet", then its lines, chunked; then the release ends. */
    private MockResponse stream(RecordedRequest request, String id) {
        ReleasePhase now = phase;
        if (request.getHeader("Authorization") != null) {
            return new MockResponse().setResponseCode(400).setBody("the stream URL takes no Authorization");
        }
        if (now == null || !statuses.containsKey(id)) {
            return new MockResponse().setResponseCode(404);
        }
        if (streamRequests.incrementAndGet() <= now.misses()) {
            return new MockResponse().setResponseCode(404);
        }
        statuses.put(id, now.outcome());
        StringBuilder body = new StringBuilder();
        now.lines().forEach(line -> body.append(line).append('\n'));
        return new MockResponse().setChunkedBody(body.toString(), 16);
    }

    /** Why an API request is refused: the wrong Accept header, no token, a release list without its Range; null if none. */
    private static String refusal(RecordedRequest request) {
        if (request.getPath().startsWith("/blobs/")) {
            return null;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.startsWith("application/vnd.heroku+json; version=3")) {
            return "Accept must be application/vnd.heroku+json; version=3, not " + accept;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer token";
        }
        if (request.getMethod().equals("GET")
                && request.getPath().matches("/apps/[^/]+/releases")
                && !"version ..; max=1, order=desc".equals(request.getHeader("Range"))) {
            return "Range must be version ..; max=1, order=desc, not " + request.getHeader("Range");
        }
        return null;
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
