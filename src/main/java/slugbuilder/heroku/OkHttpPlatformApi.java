package slugbuilder.heroku;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;

/**
 * {@link PlatformApi} over OkHttp.
 *
 * <p>Retries (at most {@value #MAX_ATTEMPTS} attempts, waiting 0.5 s, 1 s, 2 s, or what a
 * {@code Retry-After} header asks, capped at 30 s): {@code GET /apps/{app}}, {@code POST .../slugs}
 * and the blob {@code PUT} are retried after 429, 500, 502, 503, 504, a connection failure or a
 * timeout. {@code POST .../releases} is retried only after a 429 or when the request never
 * started to leave this machine (the connection could not be made): anything else could have
 * created the release, and repeating it could create a second one.
 *
 * <p>OkHttp itself never repeats a request body: every body is one-shot, so OkHttp's own
 * recovery (stale connections, 408, {@code 503 Retry-After: 0}, redirects) cannot resend a POST.
 * Redirects are followed here: 307/308 keep the method and send the body again (for the blob,
 * which has no Authorization anyway; for the API, Authorization only stays on the API's own
 * origin); 301/302/303 only for GET, since OkHttp would turn a PUT into a GET and report the
 * upload done; https to http never.
 */
public final class OkHttpPlatformApi implements PlatformApi {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.heroku.com");
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(60);

    static final String ACCEPT = "application/vnd.heroku+json; version=3";
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    static final int MAX_REDIRECTS = 5;

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Set<Integer> RETRYABLE_5XX = Set.of(500, 502, 503, 504);
    private static final int UPLOAD_CHUNK = 64 * 1024;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final String REDACTED = "<redacted>";
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"), Map.entry(413, "Payload Too Large"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final HttpUrl base;
    private final ApiToken token;
    private final Sleeper sleeper;
    private final OkHttpClient client;
    private final String userAgent = "slugbuilder/" + Version.current();
    private final ObjectMapper mapper = new ObjectMapper();

    /** Talks to {@link #DEFAULT_BASE_URL}. */
    public OkHttpPlatformApi(ApiToken token) {
        this(DEFAULT_BASE_URL, token);
    }

    public OkHttpPlatformApi(URI baseUrl, ApiToken token) {
        this(baseUrl, token, Sleeper.SYSTEM);
    }

    public OkHttpPlatformApi(URI baseUrl, ApiToken token, Sleeper sleeper) {
        this(baseUrl, token, sleeper, CONNECT_TIMEOUT, READ_WRITE_TIMEOUT);
    }

    /** Tests shorten the timeouts. */
    OkHttpPlatformApi(URI baseUrl, ApiToken token, Sleeper sleeper, Duration connectTimeout, Duration readWriteTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.base = HttpUrl.parse(baseUrl.toString());
        if (base == null) {
            throw new SlugbuilderException(ExitCode.USAGE,
                    "the Heroku API URL must be an http or https URL, not " + withoutQuery(baseUrl));
        }
        this.token = Objects.requireNonNull(token, "token");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.client = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readWriteTimeout)
                .writeTimeout(readWriteTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(SendTracker.LISTENER)
                .build();
    }

    @Override
    public String toString() {
        return "OkHttpPlatformApi[" + base + ", token from " + token.source() + "]";
    }

    // ---------------------------------------------------------------------------------------- calls

    @Override
    public AppInfo app(String app) {
        Op op = Op.api("looking up the app " + app, checkApp(app), Safety.RETRY_ANY_FAILURE, null);
        return execute(op, "GET", apiUrl(app), () -> null, response -> {
            JsonNode json = readJson(op, response);
            return new AppInfo(requiredText(op, response, json, "name"), optionalText(json.get("web_url")));
        });
    }

    @Override
    public SlugCreated createSlug(String app, SlugRequest request) {
        Objects.requireNonNull(request, "request");
        Op op = Op.api("creating the slug for " + app, checkApp(app), Safety.RETRY_ANY_FAILURE, null);
        request.checkProcessTypes();
        byte[] body = json(slugJson(request));
        return execute(op, "POST", apiUrl(app, "slugs"), () -> new JsonBody(body), response -> {
            JsonNode json = readJson(op, response);
            String id = requiredText(op, response, json, "id");
            JsonNode blob = json.path("blob");
            String method = requiredText(op, response, blob, "method");
            String url = requiredText(op, response, blob, "url");
            URI blobUrl;
            try {
                blobUrl = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw unexpectedResponse(op, response.code(), "blob.url is not a URL");
            }
            return new SlugCreated(id, method, blobUrl);
        });
    }

    @Override
    public void uploadSlug(URI blobUrl, Path slugTgz, LongConsumer progressBytes) {
        Objects.requireNonNull(blobUrl, "blobUrl");
        Objects.requireNonNull(slugTgz, "slugTgz");
        HttpUrl url = HttpUrl.parse(blobUrl.toString());
        if (url == null) {
            throw new SlugbuilderException(ExitCode.PLATFORM_API,
                    "uploading the slug failed: the API gave an upload URL that is not http(s): " + withoutQuery(blobUrl));
        }
        long size;
        try {
            size = Files.size(slugTgz);
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.FAILURE, "cannot read the slug " + slugTgz + ": " + describe(e), null, e);
        }
        LongConsumer progress = progressBytes == null ? bytes -> { } : progressBytes;
        Op op = Op.blob("uploading the slug to " + url.host());
        execute(op, "PUT", url, () -> new FileBody(slugTgz, size, progress), response -> null);
    }

    @Override
    public Release createRelease(String app, String slugId, String description) {
        Objects.requireNonNull(slugId, "slugId");
        Op op = Op.api("creating the release for " + app, checkApp(app), Safety.RETRY_ONLY_UNSENT, slugId);
        ObjectNode json = mapper.createObjectNode().put("slug", slugId);
        if (description != null) {
            json.put("description", description);
        }
        byte[] body = json(json);
        // A fresh connection: a pooled one the server closed while the slug uploaded would fail
        // after sending, and leave it unknown whether the release was made.
        client.connectionPool().evictAll();
        return execute(op, "POST", apiUrl(app, "releases"), () -> new JsonBody(body), response -> {
            JsonNode node = readJson(op, response);
            JsonNode version = node.get("version");
            if (version == null || !version.canConvertToInt()) {
                throw missing(op, response, "version");
            }
            return new Release(requiredText(op, response, node, "id"), version.intValue(), optionalText(node.get("status")));
        });
    }

    // -------------------------------------------------------------------------------- the machinery

    private enum Safety {
        /** Repeating the request does no harm (GET, creating a slug, replacing the blob). */
        RETRY_ANY_FAILURE,
        /** Repeat only when it surely did not reach the server: refused (429) or never sent. */
        RETRY_ONLY_UNSENT
    }

    /** What a call does, for messages and for the retry and success rules. */
    private record Op(String what, String app, Safety safety, boolean blob, String slugId) {
        static Op api(String what, String app, Safety safety, String slugId) {
            return new Op(what, app, safety, false, slugId);
        }

        static Op blob(String what) {
            return new Op(what, null, Safety.RETRY_ANY_FAILURE, true, null);
        }

        boolean succeeded(int code) {
            return blob ? code == 200 : code >= 200 && code < 300;
        }

        boolean isRelease() {
            return slugId != null;
        }
    }

    @FunctionalInterface
    private interface BodyFactory {
        /** A fresh body for each attempt and redirect (the file is opened again); null for GET. */
        RequestBody create();
    }

    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(Response response) throws IOException;
    }

    /** Set by {@link #LISTENER} once the request's headers start going out: it may have been received. */
    private static final class SendTracker {
        static final EventListener LISTENER = new EventListener() {
            @Override
            public void requestHeadersStart(Call call) {
                SendTracker tracker = call.request().tag(SendTracker.class);
                if (tracker != null) {
                    tracker.sent = true;
                }
            }
        };

        volatile boolean sent;
    }

    private <T> T execute(Op op, String method, HttpUrl url, BodyFactory bodies, ResponseReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            SendTracker tracker = new SendTracker();
            Duration wait;
            try (Response response = sendFollowingRedirects(op, method, url, bodies, tracker)) {
                int code = response.code();
                if (op.succeeded(code)) {
                    return reader.read(response);
                }
                boolean retryable = code == 429
                        || (op.safety() == Safety.RETRY_ANY_FAILURE && RETRYABLE_5XX.contains(code));
                if (!retryable || attempt == MAX_ATTEMPTS) {
                    throw statusFailure(op, response, attempt);
                }
                wait = retryAfter(response);
                if (wait == null) {
                    wait = backoff(attempt);
                }
            } catch (SlugReadException e) {
                throw new SlugbuilderException(ExitCode.FAILURE,
                        "cannot read the slug " + e.file + " while uploading it: " + describe(e.getCause()), null, e);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw interrupted(op, tracker.sent);
                }
                boolean retryable = op.safety() == Safety.RETRY_ANY_FAILURE || !tracker.sent;
                if (!retryable || attempt == MAX_ATTEMPTS) {
                    throw ioFailure(op, url, e, tracker.sent, attempt);
                }
                wait = backoff(attempt);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(op, false);
            }
        }
    }

    private Response sendFollowingRedirects(Op op, String method, HttpUrl url, BodyFactory bodies, SendTracker tracker)
            throws IOException {
        HttpUrl current = url;
        for (int hop = 0; ; hop++) {
            Request.Builder request = new Request.Builder()
                    .url(current)
                    .method(method, bodies.create())
                    .header("User-Agent", userAgent)
                    .tag(SendTracker.class, tracker);
            if (!op.blob()) {
                request.header("Accept", ACCEPT);
                if (sameOrigin(current, base)) {
                    request.header("Authorization", "Bearer " + token.value());
                }
            }
            Response response = client.newCall(request.build()).execute();
            int code = response.code();
            if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
                return response;
            }
            String location = response.header("Location");
            response.close();
            HttpUrl target = location == null ? null : current.resolve(location);
            String failed = op.what() + " failed: " + code + " redirect";
            if (target == null) {
                throw new SlugbuilderException(ExitCode.PLATFORM_API, failed + " without a usable Location");
            }
            if (hop == MAX_REDIRECTS) {
                throw new SlugbuilderException(ExitCode.PLATFORM_API, failed + ": more than " + MAX_REDIRECTS + " redirects");
            }
            if (current.isHttps() && !target.isHttps()) {
                throw new SlugbuilderException(ExitCode.PLATFORM_API,
                        failed + " from https to http (" + target.host() + "), not followed");
            }
            if (!method.equals("GET") && code != 307 && code != 308) {
                throw new SlugbuilderException(ExitCode.PLATFORM_API,
                        failed + " to " + target.host() + ": only a 307 or 308 redirect may repeat a " + method
                                + " with its body, so it was not followed",
                        op.blob() ? "the upload URL should accept the PUT itself; run the release again" : null);
            }
            current = target;
        }
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    static Duration backoff(int attempt) {
        return FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    }

    /** Retry-After in seconds or as an HTTP date, capped; null when absent or unreadable. */
    static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        Duration wait;
        if (value.matches("\\d{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    // ------------------------------------------------------------------------------------- failures

    private SlugbuilderException statusFailure(Op op, Response response, int attempts) {
        int code = response.code();
        String body = "";
        try {
            body = response.peekBody(ERROR_BODY_LIMIT).string();
        } catch (IOException e) {
            // the status alone has to do
        }
        StringBuilder message = new StringBuilder(op.what()).append(" failed: ").append(code);
        String[] idAndMessage = op.blob() ? objectStoreError(body) : apiError(body);
        if (idAndMessage != null) {
            message.append(' ').append(idAndMessage[0] != null ? oneLine(idAndMessage[0], 80) : reason(response));
            if (idAndMessage[1] != null && !idAndMessage[1].isBlank()) {
                message.append(": ").append(oneLine(idAndMessage[1], 500));
            }
        } else {
            String reason = reason(response);
            if (!reason.isEmpty()) {
                message.append(' ').append(reason);
            }
            if (!body.isBlank()) {
                message.append(" (unexpected response: \"").append(oneLine(body, 120)).append("\")");
            }
        }
        if (op.blob() && code < 300) {
            message.append(" (an upload succeeds only with 200)");
        }
        String requestId = response.header("Request-Id");
        if (requestId == null) {
            requestId = response.header("x-amz-request-id");
        }
        if (requestId != null && !requestId.isBlank()) {
            message.append(" (request id ").append(oneLine(requestId, 100)).append(')');
        }
        if (attempts > 1) {
            message.append(" (gave up after ").append(attempts).append(" attempts)");
        }
        String hint = hintFor(op, code);
        if (op.isRelease() && code >= 500) {
            message.append("; the release may or may not have been created (slug ").append(op.slugId()).append(')');
            hint = checkReleasesHint(op);
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message.toString(), hint);
    }

    private String hintFor(Op op, int code) {
        if (op.blob()) {
            if (code == 403) {
                return "the signed upload URL may have expired (they are valid for a limited time); run the release again";
            }
            return code >= 500 || code == 429 ? "the object store is having trouble; try again in a few minutes" : null;
        }
        switch (code) {
            case 401:
                return "check HEROKU_API_KEY or the api.heroku.com entry in ~/.netrc (the token used came from "
                        + token.source() + "); `heroku login` refreshes it";
            case 403:
                return "your account may not have access to " + op.app() + " (`heroku access -a " + op.app()
                        + "` lists who has)";
            case 404:
                return "check the app name: -a APP, HEROKU_APP or the heroku git remote (`heroku apps` lists yours)";
            case 429:
                return "the Platform API's rate limit is reached; wait a few minutes and try again";
            default:
                return code >= 500 ? "the Heroku API is having trouble; see https://status.heroku.com and try again" : null;
        }
    }

    private static String checkReleasesHint(Op op) {
        return "check with `heroku releases -a " + op.app() + "` before trying again";
    }

    private SlugbuilderException ioFailure(Op op, HttpUrl url, IOException e, boolean sent, int attempts) {
        StringBuilder message = new StringBuilder(op.what()).append(" failed: ");
        String where = url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
        if (e instanceof UnknownHostException) {
            message.append("cannot resolve ").append(url.host());
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            message.append("cannot connect to ").append(where);
        } else if (e instanceof SocketTimeoutException) {
            message.append(sent ? "no answer from " : "timed out connecting to ").append(where);
        } else if (e instanceof SSLException) {
            message.append("TLS failure with ").append(where).append(": ").append(describe(e));
        } else {
            message.append("the connection to ").append(where).append(" failed: ").append(describe(e));
        }
        if (attempts > 1) {
            message.append(" (gave up after ").append(attempts).append(" attempts)");
        }
        String hint = "check the network connection (and any proxy); see https://status.heroku.com";
        if (op.isRelease() && sent) {
            message.append("; the release may or may not have been created (slug ").append(op.slugId()).append(')');
            hint = checkReleasesHint(op);
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message.toString(), hint, e);
    }

    private SlugbuilderException interrupted(Op op, boolean sent) {
        String message = "interrupted while " + op.what();
        if (op.isRelease() && sent) {
            message += "; the release may or may not have been created (slug " + op.slugId() + ")";
        }
        return new SlugbuilderException(ExitCode.INTERRUPTED, message, op.isRelease() && sent ? checkReleasesHint(op) : null);
    }

    private SlugbuilderException unexpectedResponse(Op op, int code, String problem) {
        String message = op.what() + ": the API answered " + code + " but " + problem;
        if (op.isRelease()) {
            return new SlugbuilderException(ExitCode.PLATFORM_API,
                    message + "; the release was probably created (slug " + op.slugId() + ")", checkReleasesHint(op));
        }
        return new SlugbuilderException(ExitCode.PLATFORM_API, message);
    }

    /** {@code {"id", "message"}} of a Platform API error, or null when the body is not such JSON. */
    private String[] apiError(String body) {
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                return null;
            }
            String id = optionalText(json.get("id"));
            String message = optionalText(json.get("message"));
            return id == null && message == null ? null : new String[] {id, message};
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{1,1000})</Message>");

    /** An S3-style XML error's Code and Message, or null. */
    private static String[] objectStoreError(String body) {
        Matcher code = XML_CODE.matcher(body);
        if (!code.find()) {
            return null;
        }
        Matcher message = XML_MESSAGE.matcher(body);
        return new String[] {code.group(1), message.find() ? message.group(1) : null};
    }

    private static String reason(Response response) {
        String reason = REASONS.get(response.code());
        return reason != null ? reason : response.message().strip();
    }

    /** Text from the server as one short line, with the token (should a server echo it) removed. */
    private String oneLine(String text, int max) {
        String line = text.replace(token.value(), REDACTED).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }

    private String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message, 300);
    }

    // ----------------------------------------------------------------------------------------- JSON

    private ObjectNode slugJson(SlugRequest request) {
        ObjectNode json = mapper.createObjectNode();
        ObjectNode processTypes = json.putObject("process_types");
        request.processTypes().forEach(processTypes::put);
        putIfPresent(json, "commit", request.commit());
        putIfPresent(json, "commit_description", request.commitDescription());
        putIfPresent(json, "buildpack_provided_description", request.buildpackProvidedDescription());
        putIfPresent(json, "stack", request.stack());
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private byte[] json(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of a successful answer as JSON; an unreadable body is not worth a retry. */
    private JsonNode readJson(Op op, Response response) throws IOException {
        String body = response.body() == null ? "" : response.body().string();
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw unexpectedResponse(op, response.code(), "its body is not a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw unexpectedResponse(op, response.code(), "its body is not JSON: \"" + oneLine(body, 120) + "\"");
        }
    }

    private SlugbuilderException missing(Op op, Response response, String field) {
        return unexpectedResponse(op, response.code(), "its body has no \"" + field + "\"");
    }

    private String requiredText(Op op, Response response, JsonNode json, String field) {
        String value = optionalText(json.get(field));
        if (value == null || value.isEmpty()) {
            throw missing(op, response, field);
        }
        return value;
    }

    private static String optionalText(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    // ----------------------------------------------------------------------------------------- URLs

    private HttpUrl apiUrl(String app, String... more) {
        HttpUrl.Builder url = base.newBuilder().addPathSegment("apps").addPathSegment(app);
        for (String segment : more) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    private static String checkApp(String app) {
        if (app == null || app.isBlank()) {
            throw new SlugbuilderException(ExitCode.USAGE, "no Heroku app name given", "pass -a APP");
        }
        return app;
    }

    /** A URL for messages: a signed URL's query is a credential, so it is left out. */
    static String withoutQuery(URI url) {
        if (url == null) {
            return "null";
        }
        String text = url.toString();
        int cut = text.indexOf('?');
        text = cut < 0 ? text : text.substring(0, cut) + "?...";
        return text.replaceFirst("//[^/@]*@", "//");
    }

    // --------------------------------------------------------------------------------------- bodies

    /** A JSON body; one-shot so that OkHttp never repeats it on its own. */
    private static final class JsonBody extends RequestBody {
        private final byte[] bytes;

        JsonBody(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
        }
    }

    /**
     * The slug archive, streamed from the file. No content type, so OkHttp sends no Content-Type
     * header; a known length, so it sends Content-Length and not chunked encoding.
     */
    private static final class FileBody extends RequestBody {
        private final Path file;
        private final long size;
        private final LongConsumer progress;

        FileBody(Path file, long size, LongConsumer progress) {
            this.file = file;
            this.size = size;
            this.progress = progress;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            progress.accept(0);
            Source source;
            try {
                source = Okio.source(file);
            } catch (IOException e) {
                throw new SlugReadException(file, e);
            }
            try (source) {
                Buffer buffer = new Buffer();
                long sent = 0;
                while (sent < size) {
                    long read;
                    try {
                        read = source.read(buffer, Math.min(UPLOAD_CHUNK, size - sent));
                    } catch (IOException e) {
                        throw new SlugReadException(file, e);
                    }
                    if (read == -1) {
                        throw new SlugReadException(file, new IOException("it became shorter during the upload"));
                    }
                    sink.write(buffer, read);
                    sent += read;
                    progress.accept(sent);
                }
            }
        }
    }

    /** Reading the slug file failed: not the network's fault, so not retried. */
    private static final class SlugReadException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Path file;

        SlugReadException(Path file, IOException cause) {
            super("cannot read " + file, cause);
            this.file = file;
        }
    }
}
