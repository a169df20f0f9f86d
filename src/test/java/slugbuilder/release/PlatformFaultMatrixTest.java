package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static slugbuilder.release.PlatformFaultMatrixTest.Call.RELEASE_CREATE;
import static slugbuilder.release.PlatformFaultMatrixTest.Call.SLUG_CREATE;
import static slugbuilder.release.PlatformFaultMatrixTest.Call.UPLOAD;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.DISCONNECT_AFTER_REQUEST;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.DISCONNECT_DURING_REQUEST_BODY;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_401;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_403;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_404;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_422;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_429;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_429_RETRY_AFTER;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_500;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_502;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.HTTP_503;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.MALFORMED_SUCCESS;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.READ_TIMEOUT;
import static slugbuilder.release.PlatformFaultMatrixTest.Fault.REDIRECT_307;
import static slugbuilder.release.PlatformFaultMatrixTest.Times.ONCE;
import static slugbuilder.release.PlatformFaultMatrixTest.Times.PERSISTENT;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.SlugRequest;
import slugbuilder.heroku.TestApis;

/**
 * The whole release flow ({@link SlugShipper}: create the slug, PUT the archive to its blob URL,
 * create the release, look up the app) through the real {@link slugbuilder.heroku.OkHttpPlatformApi},
 * with one fault injected into one call per cell: once (then the server answers normally) or,
 * for the faults a client may retry, persistently.
 *
 * <p>Two MockWebServers stand in for the Platform API and for the object store behind the signed
 * blob URL (another origin, as S3 is). Every expected outcome is written out in {@link #MATRIX};
 * nothing is derived from the client's retry rules. Read with the Heroku contract
 * (docs/dyno-and-api.md, "The Platform API calls") and the retry rules documented on OkHttpPlatformApi:
 * <ul>
 * <li>creating a slug and PUTting the blob are safe to repeat: retried after a timeout, a dropped
 *     connection, 500/502/503 and 429, at most 4 attempts, waiting 0.5 s, 1 s, 2 s or Retry-After;</li>
 * <li>creating a release is repeated only after a 429 (a refusal: nothing was created); after any
 *     failure that may have reached the API it stops and says the release may or may not exist;</li>
 * <li>4xx other than 429 and unreadable success bodies are never retried;</li>
 * <li>the upload succeeds only with 200 (any body); a 307 is followed with the body sent again,
 *     as {@code curl -L -T} does, since an object store may answer one.</li>
 * </ul>
 *
 * <p>Invariants checked in every cell: no release request unless the latest upload was answered
 * 200 with the whole archive received; never two release requests that the API did not refuse
 * with 429 (a 429 creates nothing); the token never in the exception (message, hint, causes, stack
 * trace) nor in anything printed; the message is one line without either blob URL's signature.
 */
class PlatformFaultMatrixTest {
    private static final String TOKEN = "HRKU-matrix-5ecret-0123456789abcdef";
    private static final String SIGNATURE = "s1gnature-of-the-blob-url";
    private static final String MOVED_SIGNATURE = "s1gnature-of-the-moved-url";
    private static final String SLUG_ID = "d969e0b3-9892-4567-8a1b-cbe8ec2d39d1";
    private static final String APP = "demo";
    private static final int SLUG_SIZE = 200_000;
    /**
     * The read timeout of a request the server leaves unanswered (a READ_TIMEOUT fault): short, so
     * the timeout cells are quick. Every other request waits {@link #READ_TIMEOUT_OF_AN_ANSWER}, so a
     * loaded machine's stall never turns an answer into a timeout the cell did not ask for.
     */
    private static final Duration READ_TIMEOUT_OF_A_FAULT = Duration.ofMillis(400);

    private static final Duration READ_TIMEOUT_OF_AN_ANSWER = Duration.ofSeconds(30);

    private static final AtomicInteger PASSED = new AtomicInteger();

    /** The call the fault is injected into. */
    enum Call {
        SLUG_CREATE,
        UPLOAD,
        RELEASE_CREATE
    }

    enum Fault {
        /** The server reads the request and never answers (the client's read timeout fires). */
        READ_TIMEOUT,
        /** The server reads the request and closes the connection without answering. */
        DISCONNECT_AFTER_REQUEST,
        /** The server closes the connection halfway through the request body (the upload only). */
        DISCONNECT_DURING_REQUEST_BODY,
        HTTP_500,
        /** An HTML page from a proxy, not a Heroku JSON error. */
        HTTP_502,
        HTTP_503,
        /** {@code 429} with {@code Retry-After: 3}. */
        HTTP_429_RETRY_AFTER,
        HTTP_429,
        HTTP_401,
        HTTP_403,
        HTTP_404,
        /** With a Heroku {@code {"id", "message"}} body, for the upload too. */
        HTTP_422,
        /** API calls: 201 whose body is not JSON (and echoes the token). The upload: 200 with a non-JSON body. */
        MALFORMED_SUCCESS,
        /** The upload only: 307 to another URL (with its own signature) on the object store. */
        REDIRECT_307
    }

    enum Times {
        ONCE(1),
        PERSISTENT(Integer.MAX_VALUE);

        final int faults;

        Times(int faults) {
            this.faults = faults;
        }
    }

    // ------------------------------------------------------------------------------------ the matrix

    /*
     * released(N, waits...):   RETRIED_AND_RELEASED: ship() returns version N, exactly one release
     *                          request was accepted (not refused with 429), "Released vN of demo" printed.
     * failed(X, "text", waits...): FAILED: SlugbuilderException with exit code X whose one-line
     *                          message contains "text" ({api}, {blob}: 127.0.0.1:port of the API /
     *                          object store; {slug}: the slug id; "…": any text in between).
     * waits: the Sleeper waits (ms) the client asked for, in order.
     */
    private static final List<Cell> MATRIX = List.of(
            // ---- POST /apps/demo/slugs: safe to repeat (a second slug is harmless)
            // -----------------------------------------
            cell(SLUG_CREATE, READ_TIMEOUT, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    READ_TIMEOUT,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: no answer from {api} (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(SLUG_CREATE, DISCONNECT_AFTER_REQUEST, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    DISCONNECT_AFTER_REQUEST,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: the connection to {api} failed: … (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(SLUG_CREATE, HTTP_500, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    HTTP_500,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: 500 internal_server_error:"
                                    + " Internal server error. (request id req-500) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(SLUG_CREATE, HTTP_502, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    HTTP_502,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: 502 Bad Gateway (unexpected"
                                    + " response: \"<html><body><h1>502 Bad Gateway</h1></body></html>\") (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(SLUG_CREATE, HTTP_503, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    HTTP_503,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: 503 service_unavailable:"
                                    + " The API is temporarily unavailable. (request id req-503) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(SLUG_CREATE, HTTP_429_RETRY_AFTER, ONCE, released(42, 3000)),
            cell(
                    SLUG_CREATE,
                    HTTP_429_RETRY_AFTER,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: 429 rate_limit:"
                                    + " Your account reached the API rate limit (request id req-429) (gave up after 4 attempts)",
                            3000,
                            3000,
                            3000)),
            cell(SLUG_CREATE, HTTP_429, ONCE, released(42, 500)),
            cell(
                    SLUG_CREATE,
                    HTTP_429,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the slug for demo failed: 429 rate_limit:"
                                    + " Your account reached the API rate limit (request id req-429) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(
                    SLUG_CREATE,
                    HTTP_401,
                    ONCE,
                    failed(
                            5,
                            "creating the slug for demo failed: 401 unauthorized: Invalid credentials provided. (request id req-401)")),
            cell(
                    SLUG_CREATE,
                    HTTP_403,
                    ONCE,
                    failed(
                            5,
                            "creating the slug for demo failed: 403 forbidden:"
                                    + " You do not have access to the app demo. (request id req-403)")),
            cell(
                    SLUG_CREATE,
                    HTTP_404,
                    ONCE,
                    failed(
                            5,
                            "creating the slug for demo failed: 404 not_found: Couldn't find that app. (request id req-404)")),
            cell(
                    SLUG_CREATE,
                    HTTP_422,
                    ONCE,
                    failed(
                            5,
                            "creating the slug for demo failed: 422 invalid_params: Invalid params provided. (request id req-422)")),
            cell(
                    SLUG_CREATE,
                    MALFORMED_SUCCESS,
                    ONCE,
                    failed(
                            5,
                            "creating the slug for demo: the API answered 201 but its body is not JSON: \"{\"id\": oops")),

            // ---- PUT <blob.url>: safe to repeat (the object is replaced); success is 200 only
            // -------------------------------
            cell(UPLOAD, READ_TIMEOUT, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    READ_TIMEOUT,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: no answer from {blob} (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, DISCONNECT_AFTER_REQUEST, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    DISCONNECT_AFTER_REQUEST,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: the connection to {blob} failed: … (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, DISCONNECT_DURING_REQUEST_BODY, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    DISCONNECT_DURING_REQUEST_BODY,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: the connection to {blob} failed: … (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, HTTP_500, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    HTTP_500,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 500 InternalError:"
                                    + " We encountered an internal error. Please try again. (request id amz-500) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, HTTP_502, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    HTTP_502,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 502 Bad Gateway (unexpected"
                                    + " response: \"<html><body><h1>502 Bad Gateway</h1></body></html>\") (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, HTTP_503, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    HTTP_503,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 503 SlowDown:"
                                    + " Please reduce your request rate. (request id amz-503) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(UPLOAD, HTTP_429_RETRY_AFTER, ONCE, released(42, 3000)),
            cell(
                    UPLOAD,
                    HTTP_429_RETRY_AFTER,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 429 SlowDown:"
                                    + " Please reduce your request rate. (request id amz-429) (gave up after 4 attempts)",
                            3000,
                            3000,
                            3000)),
            cell(UPLOAD, HTTP_429, ONCE, released(42, 500)),
            cell(
                    UPLOAD,
                    HTTP_429,
                    PERSISTENT,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 429 SlowDown:"
                                    + " Please reduce your request rate. (request id amz-429) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(
                    UPLOAD,
                    HTTP_401,
                    ONCE,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 401 InvalidToken:"
                                    + " The provided token is malformed or otherwise invalid. (request id amz-401)")),
            cell(
                    UPLOAD,
                    HTTP_403,
                    ONCE,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 403 AccessDenied: Request has expired (request id amz-403)")),
            cell(
                    UPLOAD,
                    HTTP_404,
                    ONCE,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 404 NoSuchBucket:"
                                    + " The specified bucket does not exist (request id amz-404)")),
            cell(
                    UPLOAD,
                    HTTP_422,
                    ONCE,
                    failed(
                            5,
                            "uploading the slug to 127.0.0.1 failed: 422 Unprocessable Entity (unexpected"
                                    + " response: \"{\"id\":\"invalid_params\",\"message\":\"Invalid params provided.\"}\") (request id amz-422)")),
            cell(UPLOAD, MALFORMED_SUCCESS, ONCE, released(42)),
            cell(UPLOAD, REDIRECT_307, ONCE, released(42)),
            cell(
                    UPLOAD,
                    REDIRECT_307,
                    PERSISTENT,
                    failed(5, "uploading the slug to 127.0.0.1 failed: 307 redirect: more than 5 redirects")),

            // ---- POST /apps/demo/releases: repeated only after a refusal (429); anything that may have
            //      reached the API is reported as "may or may not have been created", never repeated
            // ---------------------
            cell(
                    RELEASE_CREATE,
                    READ_TIMEOUT,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: no answer from {api};"
                                    + " the release may or may not have been created (slug {slug})")),
            cell(
                    RELEASE_CREATE,
                    DISCONNECT_AFTER_REQUEST,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed:"
                                    + " the connection to {api} failed: …; the release may or may not have been created (slug {slug})")),
            cell(
                    RELEASE_CREATE,
                    HTTP_500,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 500 internal_server_error:"
                                    + " Internal server error. (request id req-500); the release may or may not have been created (slug {slug})")),
            cell(
                    RELEASE_CREATE,
                    HTTP_502,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 502 Bad Gateway (unexpected"
                                    + " response: \"<html><body><h1>502 Bad Gateway</h1></body></html>\");"
                                    + " the release may or may not have been created (slug {slug})")),
            cell(
                    RELEASE_CREATE,
                    HTTP_503,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 503 service_unavailable:"
                                    + " The API is temporarily unavailable. (request id req-503); the release may or may not have been created"
                                    + " (slug {slug})")),
            cell(RELEASE_CREATE, HTTP_429_RETRY_AFTER, ONCE, released(42, 3000)),
            cell(
                    RELEASE_CREATE,
                    HTTP_429_RETRY_AFTER,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the release for demo failed: 429 rate_limit:"
                                    + " Your account reached the API rate limit (request id req-429) (gave up after 4 attempts)",
                            3000,
                            3000,
                            3000)),
            cell(RELEASE_CREATE, HTTP_429, ONCE, released(42, 500)),
            cell(
                    RELEASE_CREATE,
                    HTTP_429,
                    PERSISTENT,
                    failed(
                            5,
                            "creating the release for demo failed: 429 rate_limit:"
                                    + " Your account reached the API rate limit (request id req-429) (gave up after 4 attempts)",
                            500,
                            1000,
                            2000)),
            cell(
                    RELEASE_CREATE,
                    HTTP_401,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 401 unauthorized: Invalid credentials provided. (request id req-401)")),
            cell(
                    RELEASE_CREATE,
                    HTTP_403,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 403 forbidden:"
                                    + " You do not have access to the app demo. (request id req-403)")),
            cell(
                    RELEASE_CREATE,
                    HTTP_404,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 404 not_found: Couldn't find that app. (request id req-404)")),
            cell(
                    RELEASE_CREATE,
                    HTTP_422,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo failed: 422 invalid_params: Invalid params provided. (request id req-422)")),
            cell(
                    RELEASE_CREATE,
                    MALFORMED_SUCCESS,
                    ONCE,
                    failed(
                            5,
                            "creating the release for demo: the API answered 201 but"
                                    + " its body is not JSON: \"{\"id\": oops…\"; the release was probably created (slug {slug})")));

    static List<Cell> matrix() {
        return MATRIX;
    }

    /** MockWebServer warns of every connection a fault closed before answering; dozens of expected lines. */
    private static final Logger SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    private static Level serverLogLevel;

    @BeforeAll
    static void quietServers() {
        serverLogLevel = SERVER_LOG.getLevel();
        SERVER_LOG.setLevel(Level.SEVERE);
    }

    @AfterAll
    static void summary() {
        SERVER_LOG.setLevel(serverLogLevel);
        System.out.println("fault matrix: " + PASSED.get() + "/" + MATRIX.size() + " cells passed");
    }

    // ------------------------------------------------------------------------------------- one cell

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void cell(Cell cell) throws Exception {
        Path slug = dir.resolve("slug.tgz");
        byte[] bytes = new byte[SLUG_SIZE];
        new Random(42).nextBytes(bytes);
        Files.write(slug, bytes);

        Exchanges exchanges = new Exchanges();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        Release release = null;
        RuntimeException failure = null;
        String apiHostPort;
        String blobHostPort;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (MockWebServer api = new MockWebServer();
                MockWebServer blob = new MockWebServer()) {
            blob.setDispatcher(new ObjectStore(cell, exchanges));
            blob.start(loopback, 0);
            blobHostPort = "127.0.0.1:" + blob.getPort();
            URI blobUrl = URI.create("http://" + blobHostPort
                    + "/blob/slug.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + SIGNATURE);
            api.setDispatcher(new HerokuApi(cell, exchanges, blobUrl));
            api.start(loopback, 0);
            apiHostPort = "127.0.0.1:" + api.getPort();

            PlatformApi client = TestApis.withInterceptor(
                    URI.create("http://" + apiHostPort + "/"),
                    new ApiToken(TOKEN, "HEROKU_API_KEY"),
                    waits::add,
                    Duration.ofSeconds(2),
                    READ_TIMEOUT_OF_AN_ANSWER,
                    new UnansweredRequests(cell));
            Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
            Map<String, String> types = new LinkedHashMap<>();
            types.put("web", "node index.js");
            try {
                release = new SlugShipper(client, console)
                        .ship(
                                APP,
                                slug,
                                new SlugRequest(types, "0123abcd", "Ship it", null, "heroku-24"),
                                "Deploy 0123abcd");
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        // the servers are closed: every request they read is in the log
        List<Exchange> log = exchanges.all();
        String trace = log.stream().map(Exchange::toString).collect(Collectors.joining("\n    ", "\n    ", ""));
        String printed = out + "\n" + err;

        // ---- invariants, whatever the cell (first: they matter more than any one expectation)
        int lastUploadAnswer = -1;
        boolean lastUploadWhole = false;
        for (Exchange exchange : log) {
            if (exchange.call() == UPLOAD) {
                lastUploadAnswer = exchange.code();
                lastUploadWhole = exchange.bodySize() == SLUG_SIZE;
                assertEquals(null, exchange.authorization(), "no Heroku credentials to the object store:" + trace);
            } else {
                assertEquals("Bearer " + TOKEN, exchange.authorization(), "the API is called with the token:" + trace);
            }
            if (exchange.call() == RELEASE_CREATE) {
                assertTrue(
                        lastUploadAnswer == 200 && lastUploadWhole,
                        "a release request only after an upload that ended with 200 (whole archive):" + trace);
            }
            assertFalse(
                    exchange.call() == null && !exchange.path().equals("/apps/demo"), "unexpected request:" + trace);
        }
        assertTrue(acceptedReleases(log) <= 1, "never two release requests:" + trace);
        assertFalse(log.isEmpty(), "the flow reached the servers");

        assertFalse(printed.contains(TOKEN) || printed.contains("5ecret"), "the token was printed:\n" + printed);
        assertFalse(
                printed.contains(SIGNATURE) || printed.contains(MOVED_SIGNATURE),
                "a blob URL's signature was printed:\n" + printed);
        if (failure != null) {
            String message = String.valueOf(failure.getMessage());
            assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
            assertFalse(
                    message.contains(SIGNATURE) || message.contains(MOVED_SIGNATURE) || message.contains("X-Amz-"),
                    "no signed query in the message: " + message);
            String everything = render(failure);
            assertFalse(
                    everything.contains(TOKEN) || everything.contains("5ecret"), "the token leaked:\n" + everything);
            assertFalse(
                    everything.contains(SIGNATURE) || everything.contains(MOVED_SIGNATURE),
                    "a blob URL's signature leaked:\n" + everything);
        }

        // ---- the expected outcome
        Expected expected = cell.expected();
        if (expected.released()) {
            if (failure != null) {
                fail("expected RETRIED_AND_RELEASED but got " + failure + "\n" + render(failure) + "requests:" + trace);
            }
            assertNotNull(release);
            assertEquals(expected.version(), release.version(), "the version of the release");
            assertEquals(
                    "Released v" + expected.version() + " of demo\nhttps://demo.herokuapp.com/\n",
                    out.toString(),
                    "stdout");
            assertEquals(
                    1,
                    acceptedReleases(log),
                    "exactly one release request reached the API (not counting 429s):" + trace);
        } else {
            if (failure == null) {
                fail("expected " + expected + " but released v" + release.version() + "; requests:" + trace);
            }
            if (!(failure instanceof SlugbuilderException known)) {
                throw new AssertionError("expected a SlugbuilderException, got " + failure, failure);
            }
            assertEquals(expected.exitCode(), known.exitCode().code, "exit code of: " + known.getMessage());
            String fragment = expected.fragment()
                    .replace("{api}", apiHostPort)
                    .replace("{blob}", blobHostPort)
                    .replace("{slug}", SLUG_ID);
            assertTrue(
                    containsInOrder(known.getMessage(), fragment),
                    "message\n  " + known.getMessage() + "\ndoes not contain\n  " + fragment + "\nrequests:" + trace);
            assertFalse(out.toString().contains("Released"), "nothing says released: " + out);
        }
        assertEquals(expected.waits(), List.copyOf(waits), "the waits asked of the Sleeper; requests:" + trace);
        PASSED.incrementAndGet();
    }

    /** Release requests the API did not refuse with 429 (a refusal creates nothing). */
    private static long acceptedReleases(List<Exchange> log) {
        return log.stream()
                .filter(e -> e.call() == RELEASE_CREATE && e.code() != 429)
                .count();
    }

    /** Whether TEXT contains the parts of FRAGMENT (split at "…") in order. */
    private static boolean containsInOrder(String text, String fragment) {
        int at = 0;
        for (String part : fragment.split("…", -1)) {
            int found = text.indexOf(part, at);
            if (found < 0) {
                return false;
            }
            at = found + part.length();
        }
        return true;
    }

    /** Everything a throwable can show: messages, hints, causes, suppressed, the stack trace. */
    private static String render(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        StringBuilder all = new StringBuilder(trace.toString());
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

    // ------------------------------------------------------------------------------ the table's types

    record Expected(boolean released, int version, int exitCode, String fragment, List<Duration> waits) {
        @Override
        public String toString() {
            return released
                    ? "RETRIED_AND_RELEASED(v" + version + ")"
                    : "FAILED(" + exitCode + ", \"" + fragment + "\")";
        }
    }

    record Cell(Call call, Fault fault, Times times, Expected expected) {
        @Override
        public String toString() {
            return call + " x " + fault + " x " + times + " -> " + expected;
        }
    }

    private static Cell cell(Call call, Fault fault, Times times, Expected expected) {
        if ((fault == DISCONNECT_DURING_REQUEST_BODY || fault == REDIRECT_307) && call != UPLOAD) {
            throw new IllegalArgumentException(fault + " is a fault of the upload only");
        }
        return new Cell(call, fault, times, expected);
    }

    private static Expected released(int version, int... waitsMillis) {
        return new Expected(true, version, 0, null, millis(waitsMillis));
    }

    private static Expected failed(int exitCode, String fragment, int... waitsMillis) {
        return new Expected(false, 0, exitCode, fragment, millis(waitsMillis));
    }

    private static List<Duration> millis(int... values) {
        return IntStream.of(values).mapToObj(Duration::ofMillis).toList();
    }

    // ----------------------------------------------------------------------------------- the servers

    /** One request as a server saw it, and what it answered (a status, or -1 for no answer). */
    record Exchange(
            Call call, String method, String path, int code, String answer, long bodySize, String authorization) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("\\?.*", "?…") + " -> " + answer + " (" + bodySize
                    + " bytes received)";
        }
    }

    /**
     * Both servers' exchanges in arrival order (the client makes one request at a time). A request
     * whose body is cut off is logged only after its server thread ends it, which a retry on a new
     * connection can outrun: the object store reserves its place when the request arrives.
     */
    private static final class Exchanges {
        private final List<Exchange> list = new ArrayList<>(); // null: reserved, not yet answered

        synchronized int reserve() {
            list.add(null);
            return list.size() - 1;
        }

        synchronized void add(Call call, RecordedRequest request, MockResponse response) {
            list.add(null);
            add(list.size() - 1, call, request, response);
        }

        synchronized void add(int slot, Call call, RecordedRequest request, MockResponse response) {
            SocketPolicy policy = response.getSocketPolicy();
            boolean answered = policy == SocketPolicy.KEEP_OPEN;
            int code = answered ? Integer.parseInt(response.getStatus().split(" ")[1]) : -1;
            list.set(
                    slot,
                    new Exchange(
                            call,
                            request.getMethod(),
                            String.valueOf(request.getPath()),
                            code,
                            answered ? String.valueOf(code) : policy.name(),
                            request.getBodySize(),
                            request.getHeader("Authorization")));
        }

        synchronized List<Exchange> all() {
            return list.stream().filter(Objects::nonNull).toList();
        }
    }

    /**
     * The client's side of a READ_TIMEOUT cell: the requests the servers will leave unanswered (the
     * first {@code times.faults} of the cell's call, counted as {@link FaultBudget} counts them) get
     * the short read timeout; all others keep the long one.
     */
    private static final class UnansweredRequests implements Interceptor {
        private final Cell cell;
        private final FaultBudget budget;

        UnansweredRequests(Cell cell) {
            this.cell = cell;
            this.budget = new FaultBudget(cell.times());
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            String route = request.method() + " " + request.url().encodedPath();
            Call call =
                    switch (route) {
                        case "POST /apps/demo/slugs" -> SLUG_CREATE;
                        case "POST /apps/demo/releases" -> RELEASE_CREATE;
                        default -> request.method().equals("PUT") ? UPLOAD : null;
                    };
            boolean unanswered = cell.fault() == READ_TIMEOUT && call == cell.call() && budget.take();
            return unanswered
                    ? chain.withReadTimeout((int) READ_TIMEOUT_OF_A_FAULT.toMillis(), TimeUnit.MILLISECONDS)
                            .proceed(request)
                    : chain.proceed(request);
        }
    }

    /** Counts the faults a cell injects into its call: the first {@code times.faults} requests get it. */
    private static final class FaultBudget {
        private final int limit;
        private int given;

        FaultBudget(Times times) {
            this.limit = times.faults;
        }

        synchronized boolean take() {
            if (given < limit) {
                given++;
                return true;
            }
            return false;
        }
    }

    /** The Platform API: the normal answers, and the cell's fault on its call. */
    private static final class HerokuApi extends Dispatcher {
        private final Cell cell;
        private final Exchanges exchanges;
        private final URI blobUrl;
        private final FaultBudget budget;

        HerokuApi(Cell cell, Exchanges exchanges, URI blobUrl) {
            this.cell = cell;
            this.exchanges = exchanges;
            this.blobUrl = blobUrl;
            this.budget = new FaultBudget(cell.times());
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String route = request.getMethod() + " " + request.getPath();
            Call call =
                    switch (route) {
                        case "POST /apps/demo/slugs" -> SLUG_CREATE;
                        case "POST /apps/demo/releases" -> RELEASE_CREATE;
                        default -> null;
                    };
            MockResponse response;
            if (call != null && call == cell.call() && budget.take()) {
                response = faultResponse(cell.fault(), false);
            } else if (call == SLUG_CREATE) {
                response = json(
                        201,
                        "{\"id\":\"" + SLUG_ID + "\",\"blob\":{\"method\":\"put\",\"url\":\"" + blobUrl + "\"},"
                                + "\"process_types\":{\"web\":\"node index.js\"},\"size\":null,\"checksum\":null,"
                                + "\"stack\":{\"id\":\"s1\",\"name\":\"heroku-24\"}}");
            } else if (call == RELEASE_CREATE) {
                response = json(
                        201,
                        "{\"id\":\"r-42\",\"version\":42,\"status\":\"succeeded\",\"current\":true,"
                                + "\"slug\":{\"id\":\"" + SLUG_ID + "\"},\"app\":{\"id\":\"a1\",\"name\":\"demo\"}}");
            } else if (route.equals("GET /apps/demo")) {
                response = json(200, "{\"name\":\"demo\",\"web_url\":\"https://demo.herokuapp.com/\"}");
            } else {
                response = json(400, "{\"id\":\"bad_request\",\"message\":\"unexpected request " + route + "\"}");
            }
            exchanges.add(call, request, response);
            return response;
        }
    }

    /**
     * The object store behind the blob URL: 200 to a PUT, or the cell's fault. MockWebServer asks
     * {@link #peek()} on the connection's thread, before reading a request's body, whether to cut
     * the body off; the fault is chosen there, once per request, and {@link #dispatch} answers the
     * same on that thread. (Deciding in dispatch alone would race: a retried PUT can reach peek before
     * the cut-off one reaches dispatch.)
     */
    private static final class ObjectStore extends Dispatcher {
        private final Cell cell;
        private final Exchanges exchanges;
        private final FaultBudget budget;
        private final ThreadLocal<MockResponse> chosen = new ThreadLocal<>();
        private final ThreadLocal<Integer> slot = new ThreadLocal<>();

        ObjectStore(Cell cell, Exchanges exchanges) {
            this.cell = cell;
            this.exchanges = exchanges;
            this.budget = new FaultBudget(cell.times());
        }

        @Override
        public MockResponse peek() {
            MockResponse response = chosen.get();
            if (response != null) {
                return response;
            }
            boolean readingARequest = StackWalker.getInstance()
                    .walk(frames ->
                            frames.anyMatch(frame -> frame.getMethodName().equals("readRequest")));
            if (!readingARequest) { // the thread accepting connections asks too
                return new MockResponse();
            }
            response = choose();
            chosen.set(response);
            slot.set(exchanges.reserve());
            return response;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse response = chosen.get();
            Integer reserved = slot.get();
            chosen.remove();
            slot.remove();
            if (response == null) {
                response = choose();
            }
            Call call = request.getMethod().equals("PUT") ? UPLOAD : null;
            if (reserved == null) {
                exchanges.add(call, request, response);
            } else {
                exchanges.add(reserved, call, request, response);
            }
            return response;
        }

        private MockResponse choose() {
            if (cell.call() == UPLOAD && budget.take()) {
                return faultResponse(cell.fault(), true);
            }
            return new MockResponse().setResponseCode(200);
        }
    }

    private static MockResponse faultResponse(Fault fault, boolean objectStore) {
        return switch (fault) {
            case READ_TIMEOUT -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            case DISCONNECT_AFTER_REQUEST -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
            case DISCONNECT_DURING_REQUEST_BODY ->
                new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY);
            case HTTP_500 ->
                objectStore
                        ? s3Error(500, "InternalError", "We encountered an internal error. Please try again.")
                        : herokuError(500, "internal_server_error", "Internal server error.");
            case HTTP_502 ->
                new MockResponse()
                        .setResponseCode(502)
                        .setHeader("Content-Type", "text/html")
                        .setBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
            case HTTP_503 ->
                objectStore
                        ? s3Error(503, "SlowDown", "Please reduce your request rate.")
                        : herokuError(503, "service_unavailable", "The API is temporarily unavailable.");
            case HTTP_429_RETRY_AFTER -> faultResponse(HTTP_429, objectStore).setHeader("Retry-After", "3");
            case HTTP_429 ->
                objectStore
                        ? s3Error(429, "SlowDown", "Please reduce your request rate.")
                        : herokuError(429, "rate_limit", "Your account reached the API rate limit");
            case HTTP_401 ->
                objectStore
                        ? s3Error(401, "InvalidToken", "The provided token is malformed or otherwise invalid.")
                        : herokuError(401, "unauthorized", "Invalid credentials provided.");
            case HTTP_403 ->
                objectStore
                        ? s3Error(403, "AccessDenied", "Request has expired")
                        : herokuError(403, "forbidden", "You do not have access to the app demo.");
            case HTTP_404 ->
                objectStore
                        ? s3Error(404, "NoSuchBucket", "The specified bucket does not exist")
                        : herokuError(404, "not_found", "Couldn't find that app.");
            case HTTP_422 ->
                json(422, "{\"id\":\"invalid_params\",\"message\":\"Invalid params provided.\"}")
                        .setHeader(
                                objectStore ? "x-amz-request-id" : "Request-Id", (objectStore ? "amz-" : "req-") + 422);
            case MALFORMED_SUCCESS ->
                objectStore
                        ? new MockResponse().setResponseCode(200).setBody("<html>not JSON, but a 200</html>")
                        : json(201, "{\"id\": oops, the token Bearer " + TOKEN + " echoed");
            case REDIRECT_307 ->
                new MockResponse()
                        .setResponseCode(307)
                        .setHeader("Location", "/moved/slug.tgz?X-Amz-Signature=" + MOVED_SIGNATURE);
        };
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private static MockResponse herokuError(int code, String id, String message) {
        return json(
                        code,
                        "{\"id\":\"" + id + "\",\"message\":\"" + message
                                + "\",\"url\":\"https://devcenter.heroku.com/articles/platform-api-reference\"}")
                .setHeader("Request-Id", "req-" + code);
    }

    private static MockResponse s3Error(int code, String s3Code, String message) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/xml")
                .setHeader("x-amz-request-id", "amz-" + code)
                .setBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + s3Code + "</Code><Message>"
                        + message + "</Message><RequestId>amz-" + code + "</RequestId></Error>");
    }
}
