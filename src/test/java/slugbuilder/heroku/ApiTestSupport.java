package slugbuilder.heroku;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import slugbuilder.SlugbuilderException;

/** Shared pieces of the Platform API tests: the token, canned answers, a recording sleeper. */
final class ApiTestSupport {
    static final String TOKEN = "HRKU-tok3n-5ecret-0123456789abcdef";
    static final String SLUG_ID = "d969e0b3-9892-4567-8a1b-cbe8ec2d39d1";

    private ApiTestSupport() {}

    /** Records every wait instead of waiting. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    static OkHttpPlatformApi api(MockWebServer server, Sleeper sleeper) {
        return api(URI.create(server.url("/").toString()), sleeper);
    }

    static OkHttpPlatformApi api(URI base, Sleeper sleeper) {
        return new OkHttpPlatformApi(
                base, new ApiToken(TOKEN, "HEROKU_API_KEY"), sleeper, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    static MockResponse error(int code, String id, String message) {
        return json(
                code,
                "{\"id\":\"" + id + "\",\"message\":\"" + message + "\",\"url\":\"https://devcenter.heroku.com\"}");
    }

    static MockResponse slugCreated(MockWebServer server, String blobPath) {
        return json(
                201,
                "{\"id\":\"" + SLUG_ID + "\",\"blob\":{\"method\":\"put\",\"url\":\""
                        + server.url(blobPath) + "\"},\"process_types\":{\"web\":\"node index.js\"},"
                        + "\"size\":null,\"checksum\":null,\"stack\":{\"id\":\"s1\",\"name\":\"heroku-24\"}}");
    }

    static MockResponse releaseCreated(int version) {
        return json(
                201,
                "{\"id\":\"r-" + version + "\",\"version\":" + version
                        + ",\"status\":\"succeeded\",\"current\":true,\"slug\":{\"id\":\"" + SLUG_ID + "\"}}");
    }

    /** Every request the server recorded so far, in order (does not wait). */
    static List<RecordedRequest> drain(MockWebServer server) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS);
                r != null;
                r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            requests.add(r);
        }
        return requests;
    }

    /** Everything a throwable can show: messages, causes, suppressed, the stack trace. */
    static String render(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        StringBuilder all = new StringBuilder(out.toString());
        for (Throwable at = t; at != null; at = at.getCause()) {
            all.append('\n')
                    .append(at)
                    .append('\n')
                    .append(at.getMessage())
                    .append('\n')
                    .append(at.getLocalizedMessage());
            if (at instanceof SlugbuilderException known) {
                all.append('\n').append(known.hint());
            }
            for (Throwable suppressed : at.getSuppressed()) {
                all.append('\n').append(render(suppressed));
            }
        }
        return all.toString();
    }
}
