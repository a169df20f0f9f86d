package slugbuilder.heroku;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import okio.BufferedSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * {@link PlatformApi} over OkHttp: the endpoints. How a call is sent, repeated and redirected is
 * {@link HttpTransport}'s job under the {@link RetryPolicy}; how a failure reads,
 * {@link FailureWording}'s; the bodies are {@link ApiJson}'s records. A new endpoint is one method
 * here: an {@link ApiCall} (what it does, whether it may be repeated, its media type), a URL, a
 * body record and an answer record.
 */
public final class OkHttpPlatformApi implements PlatformApi {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.heroku.com");
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(60);

    static final String ACCEPT = ApiCall.ACCEPT_V3;
    static final int MAX_ATTEMPTS = RetryPolicy.MAX_ATTEMPTS;
    static final Duration MAX_RETRY_AFTER = RetryPolicy.MAX_RETRY_AFTER;
    /** As the Heroku CLI waits for a release's output stream to exist: 30 tries, 1 s apart. */
    static final int STREAM_ATTEMPTS = 30;

    static final Duration STREAM_WAIT = Duration.ofSeconds(1);
    /** A release command may be quiet for minutes (a migration): its stream waits longer for each line. */
    static final int STREAM_READ_TIMEOUT_FACTOR = 5;

    static final String LATEST_FIRST = "version ..; max=1, order=desc";

    private final HttpUrl base;
    private final ApiToken token;
    private final HttpTransport transport;
    private final HttpTransport streams;
    private final Sleeper sleeper;
    private final FailureWording wording;
    private final ApiJson json;

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
    OkHttpPlatformApi(
            URI baseUrl, ApiToken token, Sleeper sleeper, Duration connectTimeout, Duration readWriteTimeout) {
        this(baseUrl, token, sleeper, connectTimeout, readWriteTimeout, List.of());
    }

    /** Tests shorten the timeouts, and may set one request's own through INTERCEPTORS (OkHttp's application interceptors). */
    OkHttpPlatformApi(
            URI baseUrl,
            ApiToken token,
            Sleeper sleeper,
            Duration connectTimeout,
            Duration readWriteTimeout,
            List<Interceptor> interceptors) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.base = HttpUrl.parse(baseUrl.toString());
        if (base == null) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "the Heroku API URL must be an http or https URL, not " + FailureWording.withoutQuery(baseUrl));
        }
        this.token = Objects.requireNonNull(token, "token");
        this.wording = new FailureWording(token);
        this.json = new ApiJson(wording);
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.transport =
                new HttpTransport(base, token, sleeper, wording, connectTimeout, readWriteTimeout, interceptors);
        this.streams = transport.withReadTimeout(readWriteTimeout.multipliedBy(STREAM_READ_TIMEOUT_FACTOR));
    }

    @Override
    public String toString() {
        return "OkHttpPlatformApi[" + base + ", token from " + token.source() + "]";
    }

    @Override
    public AppInfo app(String app) {
        ApiCall call = ApiCall.api("looking up the app " + app, checkApp(app));
        return transport.execute(call, "GET", apiUrl(app), null, response -> {
            ApiJson.AppAnswer answer = json.read(call, response, ApiJson.AppAnswer.class);
            return new AppInfo(
                    json.required(call, response, answer.name(), "name"),
                    answer.webUrl(),
                    answer.stackName(),
                    answer.buildStackName());
        });
    }

    @Override
    public Map<String, String> configVars(String app) {
        ApiCall call = ApiCall.api("reading the config vars of " + app, checkApp(app));
        return transport.execute(
                call, "GET", apiUrl(app, "config-vars"), null, response -> json.readStrings(call, response));
    }

    @Override
    public List<Addon> addons(String app) {
        ApiCall call = ApiCall.api("listing the add-ons of " + app, checkApp(app));
        return transport.execute(
                call,
                "GET",
                apiUrl(app, "addons"),
                null,
                response -> json.readList(call, response, ApiJson.AddonAnswer.class).stream()
                        .map(answer -> new Addon(
                                json.required(call, response, answer.name(), "name"),
                                answer.serviceName(),
                                answer.configVars() == null ? List.of() : answer.configVars()))
                        .toList());
    }

    @Override
    public void updateFormation(String app, List<FormationUpdate> updates) {
        Objects.requireNonNull(updates, "updates");
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("a formation update needs at least one process type");
        }
        for (FormationUpdate update : updates) {
            if (!SlugRequest.PROCESS_TYPE_NAME.matcher(update.type()).matches()) {
                throw new SlugbuilderException(
                        ExitCode.USAGE,
                        "\"" + update.type().replaceAll("\\p{Cntrl}", "?") + "\" is not a process type the API takes",
                        "name a process type such as web or worker");
            }
        }
        String types =
                String.join(", ", updates.stream().map(FormationUpdate::type).toList());
        ApiCall call = ApiCall.formation(
                "updating the formation of " + checkApp(app) + " (" + types + ")", app, "the images of " + types);
        byte[] body = ApiJson.write(new ApiJson.FormationBody(updates));
        // a fresh connection, as for a release: a stale pooled one would leave it unknown whether it was made
        transport.freshConnections();
        transport.execute(call, "PATCH", apiUrl(app, "formation"), () -> RequestBodies.json(body), response -> null);
    }

    @Override
    public SlugCreated createSlug(String app, SlugRequest request) {
        Objects.requireNonNull(request, "request");
        ApiCall call = ApiCall.api("creating the slug for " + app, checkApp(app));
        request.checkProcessTypes();
        byte[] body = ApiJson.write(ApiJson.SlugBody.of(request));
        return transport.execute(call, "POST", apiUrl(app, "slugs"), () -> RequestBodies.json(body), response -> {
            ApiJson.SlugAnswer answer = json.read(call, response, ApiJson.SlugAnswer.class);
            String id = json.required(call, response, answer.id(), "id");
            ApiJson.SlugAnswer.Blob blob =
                    answer.blob() != null ? answer.blob() : new ApiJson.SlugAnswer.Blob(null, null);
            String method = json.required(call, response, blob.method(), "method");
            String url = json.required(call, response, blob.url(), "url");
            try {
                return new SlugCreated(id, method, new URI(url));
            } catch (URISyntaxException e) {
                throw wording.unexpectedResponse(call, response.code(), "blob.url is not a URL");
            }
        });
    }

    @Override
    public void uploadSlug(URI blobUrl, Path slugTgz, LongConsumer progressBytes) {
        Objects.requireNonNull(blobUrl, "blobUrl");
        Objects.requireNonNull(slugTgz, "slugTgz");
        HttpUrl url = HttpUrl.parse(blobUrl.toString());
        if (url == null) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "uploading the slug failed: the API gave an upload URL" + " that is not http(s): "
                            + FailureWording.withoutQuery(blobUrl));
        }
        long size;
        try {
            size = Files.size(slugTgz);
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.FAILURE, "cannot read the slug " + slugTgz + ": " + wording.describe(e), null, e);
        }
        LongConsumer progress = progressBytes == null ? bytes -> {} : progressBytes;
        ApiCall call = ApiCall.blob("uploading the slug to " + url.host());
        transport.execute(call, "PUT", url, () -> new SlugUploadBody(slugTgz, size, progress), response -> null);
    }

    @Override
    public Release createRelease(String app, String slugId, String description) {
        Objects.requireNonNull(slugId, "slugId");
        ApiCall call = ApiCall.release("creating the release for " + app, checkApp(app), slugId);
        byte[] body = ApiJson.write(new ApiJson.ReleaseBody(slugId, description));
        // A fresh connection: a pooled one the server closed while the slug uploaded would fail
        // after sending, and leave it unknown whether the release was made.
        transport.freshConnections();
        return transport.execute(call, "POST", apiUrl(app, "releases"), () -> RequestBodies.json(body), response -> {
            ApiJson.ReleaseAnswer answer = json.read(call, response, ApiJson.ReleaseAnswer.class);
            return release(call, response, answer);
        });
    }

    @Override
    public Release release(String app, String id) {
        Objects.requireNonNull(id, "id");
        ApiCall call = ApiCall.api("reading the release " + id + " of " + app, checkApp(app));
        return transport.execute(
                call,
                "GET",
                apiUrl(app, "releases", id),
                null,
                response -> release(call, response, json.read(call, response, ApiJson.ReleaseAnswer.class)));
    }

    @Override
    public Optional<Release> latestRelease(String app) {
        ApiCall call = ApiCall.api("reading the latest release of " + app, checkApp(app))
                .ranging(LATEST_FIRST);
        return transport.execute(call, "GET", apiUrl(app, "releases"), null, response -> {
            List<ApiJson.ReleaseAnswer> answers = json.readList(call, response, ApiJson.ReleaseAnswer.class);
            return answers.isEmpty() ? Optional.empty() : Optional.of(release(call, response, answers.get(0)));
        });
    }

    @Override
    public boolean releaseOutput(URI outputStreamUrl, Consumer<String> lines) {
        Objects.requireNonNull(lines, "lines");
        HttpUrl url = outputStreamUrl == null ? null : HttpUrl.parse(outputStreamUrl.toString());
        if (url == null) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "reading the release phase's output failed: the API gave an output stream URL that is not http(s): "
                            + FailureWording.withoutQuery(outputStreamUrl));
        }
        ApiCall call = ApiCall.stream("reading the release phase's output from " + url.host());
        for (int attempt = 1; ; attempt++) {
            boolean found = streams.execute(call, "GET", url, null, response -> {
                if (response.code() == 404) {
                    return false; // not there yet
                }
                readLines(call, url, response, lines);
                return true;
            });
            if (found) {
                return true;
            }
            if (attempt == STREAM_ATTEMPTS) {
                return false;
            }
            try {
                sleeper.sleep(STREAM_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw wording.interrupted(call, false);
            }
        }
    }

    /**
     * Passes each line of RESPONSE to LINES. Before the first line, a broken connection is the
     * transport's to retry; after it, asking again would show the output twice, so it fails here.
     */
    private void readLines(ApiCall call, HttpUrl url, Response response, Consumer<String> lines) throws IOException {
        BufferedSource source = response.body().source();
        boolean shown = false;
        try {
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                shown = true;
                lines.accept(line);
            }
        } catch (IOException e) {
            boolean interrupted = e instanceof InterruptedIOException
                    && Thread.currentThread().isInterrupted();
            if (!shown || interrupted) {
                throw e;
            }
            throw wording.network(call, url, e, true, 1);
        }
    }

    /** A release answer as a {@link Release}; an answer without {@code current} counts a succeeded release as current. */
    private Release release(ApiCall call, Response response, ApiJson.ReleaseAnswer answer) {
        if (answer.version() == null) {
            throw json.missing(call, response, "version");
        }
        String id = json.required(call, response, answer.id(), "id");
        URI stream = null;
        if (answer.outputStreamUrl() != null && !answer.outputStreamUrl().isBlank()) {
            try {
                stream = new URI(answer.outputStreamUrl());
            } catch (URISyntaxException e) {
                throw wording.unexpectedResponse(call, response.code(), "output_stream_url is not a URL");
            }
        }
        boolean current = answer.current() != null ? answer.current() : "succeeded".equals(answer.status());
        return new Release(id, answer.version(), answer.status(), stream, current);
    }

    private HttpUrl apiUrl(String app, String... more) {
        HttpUrl.Builder url = base.newBuilder().addPathSegment("apps").addPathSegment(app);
        for (String segment : more) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    /** APP must be given; its form is {@link AppName}'s to check, and here it is one path segment whatever it holds. */
    private static String checkApp(String app) {
        if (app == null || app.isBlank()) {
            throw new SlugbuilderException(ExitCode.USAGE, "no Heroku app name given", "pass -a APP");
        }
        return app;
    }
}
