package slugbuilder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Range header are refused with 400. On the container stack ({@link #stack}), a formation update
 * ({@code PATCH /apps/APP/formation}) must have the docker-releases Accept header and a body of
 * {@code updates}, each a {@code type} and a {@code docker_image} image id (else 400 or 422, as the
 * API answers); it makes a release, which runs the release phase when it includes type release.
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
    private final Set<String> streamed = ConcurrentHashMap.newKeySet();
    private volatile String stack = "heroku-24";
    private volatile MockResponse formationRefusal;
    private volatile boolean formationReleases = true;

    static final String DOCKER_RELEASES = "application/vnd.heroku+json; version=3.docker-releases";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The stack every app is on from now on (heroku-24 at first; container takes formation updates with images). */
    public void stack(String name) {
        this.stack = name;
    }

    /** Every well-formed formation update from now on is refused with 422 and MESSAGE, as the API refuses an image it cannot run. */
    public void refuseFormations(String message) {
        formationRefusal = json(422, "{\"id\":\"invalid_params\",\"message\":\"" + message + "\"}");
    }

    /** Formation updates from now on succeed without making a release. */
    public void formationsMakeNoRelease() {
        formationReleases = false;
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
            return json(201, createRelease(true));
        }
        if (method.equals("PATCH") && path.matches("/apps/[^/]+/formation")) {
            return formation(request);
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
            return json(
                    200,
                    "{\"name\":\"" + app + "\",\"web_url\":\"https://" + app
                            + ".herokuapp.com/\",\"stack\":{\"name\":\"" + stack + "\"},\"build_stack\":{\"name\":\""
                            + stack + "\"}}");
        }
        return json(404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that.\"}");
    }

    /** A new release's JSON; it runs the release phase when one is set and WITH_PHASE. */
    private String createRelease(boolean withPhase) {
        int version = releases.incrementAndGet();
        String id = "re1ea5e0-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", version);
        ReleasePhase now = withPhase ? phase : null;
        versions.put(id, version);
        statuses.put(id, now == null ? "succeeded" : "pending");
        if (now != null) {
            streamed.add(id);
        }
        return release(id) + "}";
    }

    /** A formation update with images, checked as the API checks it; it makes a release. */
    private MockResponse formation(RecordedRequest request) {
        if (!DOCKER_RELEASES.equals(request.getHeader("Accept"))) {
            return json(400, "{\"id\":\"bad_request\",\"message\":\"Accept must be " + DOCKER_RELEASES + "\"}");
        }
        if (!stack.equals("container")) {
            return json(422, "{\"id\":\"invalid_params\",\"message\":\"docker_image needs the container stack\"}");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().clone().readUtf8());
        } catch (IOException e) {
            body = null;
        }
        String problem = formationProblem(body);
        if (problem != null) {
            return json(422, "{\"id\":\"invalid_params\",\"message\":\"" + problem + "\"}");
        }
        if (formationRefusal != null) {
            return formationRefusal;
        }
        boolean releasePhase = false;
        StringBuilder answer = new StringBuilder("[");
        for (JsonNode update : body.get("updates")) {
            releasePhase |= update.get("type").asText().equals("release");
            answer.append(answer.length() > 1 ? "," : "")
                    .append("{\"type\":\"")
                    .append(update.get("type").asText())
                    .append("\",\"docker_image\":{\"id\":\"")
                    .append(update.get("docker_image").asText())
                    .append("\"}}");
        }
        if (formationReleases) {
            createRelease(releasePhase);
        }
        return json(200, answer.append(']').toString());
    }

    /** What is wrong with a formation update's BODY, or null: {"updates": [{"type": T, "docker_image": "sha256:..."}]}. */
    private static String formationProblem(JsonNode body) {
        if (body == null
                || !body.isObject()
                || body.size() != 1
                || !body.path("updates").isArray()
                || body.get("updates").isEmpty()) {
            return "the body must be {updates: [...]} with at least one update";
        }
        for (JsonNode update : body.get("updates")) {
            Iterator<String> fields = update.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                if (!field.equals("type") && !field.equals("docker_image")) {
                    return "an update has the unexpected field " + field;
                }
            }
            if (!update.path("type").isTextual()
                    || !update.path("docker_image").asText("").matches("sha256:[0-9a-f]{64}")) {
                return "each update needs a type and a docker_image image id (sha256:...)";
            }
        }
        return null;
    }

    /** A release's JSON (with its output stream when it has a release phase), without its closing brace. */
    private String release(String id) {
        String status = statuses.get(id);
        boolean current = status.equals("succeeded")
                && versions.get(id)
                        .equals(versions.entrySet().stream()
                                .filter(e -> statuses.get(e.getKey()).equals("succeeded"))
                                .map(Map.Entry::getValue)
                                .max(Integer::compare)
                                .orElse(-1));
        String stream = streamed.contains(id)
                ? ",\"output_stream_url\":\"" + baseUrl() + "/streams/" + id + "?signature=abc\""
                : "";
        return "{\"id\":\"" + id + "\",\"version\":" + versions.get(id) + ",\"status\":\"" + status + "\",\"current\":"
                + current + stream;
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
