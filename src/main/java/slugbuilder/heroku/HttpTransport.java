package slugbuilder.heroku;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import slugbuilder.Version;

/**
 * Sends a call under the {@link RetryPolicy}, following redirects itself, and keeps track of
 * whether a request may have reached the server, so that a release is never sent twice.
 *
 * <p>Redirects: 307/308 keep the method and send the body again (for the blob, which has no
 * Authorization anyway; for the API, Authorization only stays on the API's own origin);
 * 301/302/303 only for GET, since OkHttp would turn a PUT into a GET and report the upload done;
 * https to http never.
 */
final class HttpTransport {
    static final int MAX_REDIRECTS = 5;

    private final HttpUrl base;
    private final ApiToken token;
    private final Sleeper sleeper;
    private final FailureWording wording;
    private final OkHttpClient client;
    private final OkHttpClient plainUploads;
    private final String userAgent = "slugbuilder/" + Version.current();

    HttpTransport(
            HttpUrl base,
            ApiToken token,
            Sleeper sleeper,
            FailureWording wording,
            Duration connectTimeout,
            Duration readWriteTimeout,
            List<Interceptor> interceptors) {
        this(base, token, sleeper, wording, client(connectTimeout, readWriteTimeout, interceptors));
    }

    /** INTERCEPTORS: none but in tests, where one may give a request it faults a shorter read timeout. */
    private static OkHttpClient client(
            Duration connectTimeout, Duration readWriteTimeout, List<Interceptor> interceptors) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readWriteTimeout)
                .writeTimeout(readWriteTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(SendTracker.LISTENER);
        interceptors.forEach(builder::addInterceptor);
        return builder.build();
    }

    private HttpTransport(HttpUrl base, ApiToken token, Sleeper sleeper, FailureWording wording, OkHttpClient client) {
        this.base = base;
        this.token = token;
        this.sleeper = sleeper;
        this.wording = wording;
        this.client = client;
        // Its own sockets in its own pool (OkHttp would reuse the API's pooled connection to the same
        // host, whose socket has no channel): a plain HTTP upload goes from the file to the socket.
        this.plainUploads = client.newBuilder()
                .connectionPool(new ConnectionPool())
                .socketFactory(SlugUploadBody.CHANNEL_SOCKETS)
                .addNetworkInterceptor(SlugUploadBody.SEND_DIRECTLY)
                .build();
    }

    /** The same transport (and connection pool) waiting up to READ_TIMEOUT for each read, e.g. for a quiet stream. */
    HttpTransport withReadTimeout(Duration readTimeout) {
        return new HttpTransport(
                base,
                token,
                sleeper,
                wording,
                client.newBuilder().readTimeout(readTimeout).build());
    }

    @FunctionalInterface
    interface ResponseReader<T> {
        /** Reads a successful RESPONSE; it is closed afterwards. */
        T read(Response response) throws IOException;
    }

    /**
     * Drops pooled connections, so that the next call opens a fresh one: a pooled connection the
     * server closed meanwhile would fail after sending, and leave it unknown whether the call was
     * received.
     */
    void freshConnections() {
        client.connectionPool().evictAll();
        plainUploads.connectionPool().evictAll();
    }

    /**
     * Sends CALL as METHOD to URL until it succeeds or the policy gives up. BODIES makes a fresh
     * body for each attempt and redirect (null for none); READER reads the successful answer.
     */
    <T> T execute(ApiCall call, String method, HttpUrl url, Supplier<RequestBody> bodies, ResponseReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            SendTracker tracker = new SendTracker();
            Duration wait;
            try (Response response = sendFollowingRedirects(call, method, url, bodies, tracker)) {
                int code = response.code();
                if (call.succeeded(code)) {
                    return reader.read(response);
                }
                if (!RetryPolicy.retriesStatus(call, code, attempt)) {
                    throw wording.status(call, response, attempt);
                }
                wait = RetryPolicy.waitAfter(response, attempt);
            } catch (SlugReadException e) {
                throw wording.slugUnreadable(e);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException
                        && Thread.currentThread().isInterrupted()) {
                    throw wording.interrupted(call, tracker.sent);
                }
                if (!RetryPolicy.retriesFailure(call, tracker.sent, attempt)) {
                    throw wording.network(call, url, e, tracker.sent, attempt);
                }
                wait = RetryPolicy.waitAfter(null, attempt);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw wording.interrupted(call, false);
            }
        }
    }

    private Response sendFollowingRedirects(
            ApiCall call, String method, HttpUrl url, Supplier<RequestBody> bodies, SendTracker tracker)
            throws IOException {
        HttpUrl current = url;
        for (int hop = 0; ; hop++) {
            OkHttpClient sender = call.blob() && !current.isHttps() ? plainUploads : client;
            Response response = sender.newCall(request(call, method, current, bodies, tracker))
                    .execute();
            int code = response.code();
            if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
                return response;
            }
            String location = response.header("Location");
            response.close();
            HttpUrl target = location == null ? null : current.resolve(location);
            if (target == null) {
                throw wording.redirect(call, code, " without a usable Location", null);
            }
            if (hop == MAX_REDIRECTS) {
                throw wording.redirect(call, code, ": more than " + MAX_REDIRECTS + " redirects", null);
            }
            if (current.isHttps() && !target.isHttps()) {
                throw wording.redirect(call, code, " from https to http (" + target.host() + "), not followed", null);
            }
            if (!method.equals("GET") && code != 307 && code != 308) {
                throw wording.redirect(
                        call,
                        code,
                        " to " + target.host() + ": only a 307 or 308 redirect may repeat a " + method
                                + " with its body, so it was not followed",
                        call.blob() ? "the upload URL should accept the PUT itself; run the release again" : null);
            }
            current = target;
        }
    }

    private Request request(
            ApiCall call, String method, HttpUrl url, Supplier<RequestBody> bodies, SendTracker tracker) {
        Request.Builder request = new Request.Builder()
                .url(url)
                .method(method, bodies == null ? null : bodies.get())
                .header("User-Agent", userAgent)
                .tag(SendTracker.class, tracker);
        if (!call.blob()) {
            request.header("Accept", call.accept());
            if (call.range() != null) {
                request.header("Range", call.range());
            }
            if (sameOrigin(url, base)) {
                request.header("Authorization", "Bearer " + token.value());
            }
        }
        return request.build();
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
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
}
