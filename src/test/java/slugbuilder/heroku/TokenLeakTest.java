package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static slugbuilder.heroku.ApiTestSupport.SLUG_ID;
import static slugbuilder.heroku.ApiTestSupport.TOKEN;
import static slugbuilder.heroku.ApiTestSupport.api;
import static slugbuilder.heroku.ApiTestSupport.error;
import static slugbuilder.heroku.ApiTestSupport.render;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The token never shows: not in a message, hint, cause, suppressed exception or stack trace, even
 * when the server echoes it back in its error body.
 */
class TokenLeakTest {
    private static final SlugRequest WEB = SlugRequest.of(Map.of("web", "node index.js"));

    @TempDir
    static Path tmp;

    private interface Call {
        void run(OkHttpPlatformApi api, MockWebServer server) throws Exception;
    }

    private static MockResponse echoingError(int code, String id) {
        return error(code, id, "token Bearer " + TOKEN + " rejected");
    }

    static Stream<Arguments> errorPaths() {
        Call slug = (api, server) -> api.createSlug("myapp", WEB);
        Call release = (api, server) -> api.createRelease("myapp", SLUG_ID, "d");
        Call upload = (api, server) -> {
            Path file = Files.write(tmp.resolve("slug.tgz"), new byte[4096]);
            api.uploadSlug(server.url("/blob?sig=1").uri(), file, null);
        };
        return Stream.of(
                Arguments.of("401", (Consumer<MockWebServer>) s -> s.enqueue(echoingError(401, "unauthorized")), slug),
                Arguments.of("403", (Consumer<MockWebServer>) s -> s.enqueue(echoingError(403, "forbidden")), slug),
                Arguments.of("404", (Consumer<MockWebServer>) s -> s.enqueue(echoingError(404, "not_found")), slug),
                Arguments.of(
                        "422", (Consumer<MockWebServer>) s -> s.enqueue(echoingError(422, "invalid_params")), slug),
                Arguments.of(
                        "429 exhausted",
                        (Consumer<MockWebServer>) s -> repeat(s, echoingError(429, "rate_limit")),
                        slug),
                Arguments.of(
                        "5xx exhausted",
                        (Consumer<MockWebServer>) s -> repeat(s, echoingError(503, "unavailable")),
                        slug),
                Arguments.of(
                        "release 5xx",
                        (Consumer<MockWebServer>) s -> s.enqueue(echoingError(500, "internal")),
                        release),
                Arguments.of(
                        "release dropped",
                        (Consumer<MockWebServer>) s ->
                                s.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)),
                        release),
                Arguments.of(
                        "malformed JSON",
                        (Consumer<MockWebServer>) s -> s.enqueue(
                                new MockResponse().setResponseCode(400).setBody("<html>Bearer " + TOKEN)),
                        slug),
                Arguments.of(
                        "malformed success",
                        (Consumer<MockWebServer>) s -> s.enqueue(
                                new MockResponse().setResponseCode(201).setBody("{oops " + TOKEN)),
                        release),
                Arguments.of(
                        "upload 403",
                        (Consumer<MockWebServer>) s -> s.enqueue(new MockResponse()
                                .setResponseCode(403)
                                .setBody("<Error><Code>AccessDenied</Code><Message>" + TOKEN + "</Message></Error>")),
                        upload),
                Arguments.of(
                        "upload reset",
                        (Consumer<MockWebServer>) s -> repeat(
                                s, new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY)),
                        upload));
    }

    private static void repeat(MockWebServer server, MockResponse response) {
        for (int i = 0; i < OkHttpPlatformApi.MAX_ATTEMPTS; i++) {
            server.enqueue(response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorPaths")
    void noErrorPathShowsTheToken(String name, Consumer<MockWebServer> answers, Call call) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            answers.accept(server);
            OkHttpPlatformApi api = api(server, new ApiTestSupport.RecordingSleeper());
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> call.run(api, server));
            assertEquals(ExitCode.PLATFORM_API, e.exitCode(), e.getMessage());
            assertNoToken(e);
            assertTrue(server.getRequestCount() >= 1, "the error came from the server");
        }
    }

    @Test
    void connectionRefusedShowsNoToken() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OkHttpPlatformApi api = api(URI.create("http://127.0.0.1:" + port), new ApiTestSupport.RecordingSleeper());
        for (Call call : List.<Call>of(
                (a, s) -> a.createSlug("myapp", WEB),
                (a, s) -> a.createRelease("myapp", SLUG_ID, "d"),
                (a, s) -> a.app("myapp"))) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> call.run(api, null));
            assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
            assertNoToken(e);
        }
    }

    @Test
    void echoedTokenIsRedactedFromTheMessage() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(echoingError(401, "unauthorized"));
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> api(server, new ApiTestSupport.RecordingSleeper())
                            .app("myapp"));
            assertEquals(
                    "looking up the app myapp failed: 401 unauthorized: token Bearer <redacted> rejected",
                    e.getMessage());
        }
    }

    @Test
    void objectsHoldingTheTokenDoNotShowIt() throws Exception {
        ApiToken token = new ApiToken(TOKEN, "HEROKU_API_KEY");
        assertFalse(token.toString().contains(TOKEN), token.toString());
        assertFalse(new OkHttpPlatformApi(token).toString().contains(TOKEN));
        Credentials credentials = new Credentials(Map.of("HEROKU_API_KEY", TOKEN), tmp);
        assertFalse(credentials.toString().contains(TOKEN));
        assertEquals(TOKEN, credentials.token().value());
        Netrc.Entry entry = Netrc.parse("machine api.heroku.com login me password " + TOKEN)
                .entries()
                .get(0);
        assertFalse(entry.toString().contains(TOKEN), entry.toString());
    }

    @Test
    void tokenWithALineBreakIsRefusedWithoutEchoingIt() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new ApiToken(TOKEN + "\nX", "~/.netrc"));
        assertEquals(
                ExitCode.ENVIRONMENT, e.exitCode(), "nothing was sent: the token as found on this machine is unusable");
        assertTrue(e.getMessage().contains("line break"), e.getMessage());
        assertNoToken(e);
    }

    private static void assertNoToken(Throwable e) {
        String everything = render(e);
        assertFalse(everything.contains(TOKEN), "token leaked in:\n" + everything);
        assertFalse(everything.contains("5ecret"), "part of the token leaked in:\n" + everything);
    }
}
