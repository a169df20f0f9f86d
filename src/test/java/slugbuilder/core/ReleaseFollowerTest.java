package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.Sleeper;
import slugbuilder.heroku.TestApis;
import slugbuilder.support.FakePlatform;
import slugbuilder.support.Interrupts;

/**
 * Following a release through its release phase, on the real client against MockWebServer and a
 * clock that moves only when the follower waits: what is shown, what is asked, and how it ends.
 */
class ReleaseFollowerTest {
    private static final String TOKEN = "HRKU-follow-5ecret-0123456789";
    private static final String SIGNATURE = "signature=s1gnedStr3am";

    private final MockWebServer server = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> waits = new ArrayList<>();
    private final List<Duration> apiWaits = new ArrayList<>();
    private Sleeper sleeper = duration -> {
        waits.add(duration);
        nanos.addAndGet(duration.toNanos());
    };

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private PlatformApi api() {
        return TestApis.withTimeouts(
                URI.create(server.url("/").toString()),
                new ApiToken(TOKEN, "HEROKU_API_KEY"),
                apiWaits::add,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    private Release follow(Release release, Duration limit) {
        return new ReleaseFollower(api(), console, sleeper, nanos::get, limit).follow("myapp", release);
    }

    private Release pending(boolean withStream) {
        return new Release(
                "r-7",
                7,
                "pending",
                withStream ? server.url("/streams/r-7?" + SIGNATURE).uri() : null,
                false);
    }

    private static MockResponse release(String status, boolean current) {
        return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"id\":\"r-7\",\"version\":7,\"status\":\"" + status + "\",\"current\":" + current + "}");
    }

    private List<String> requests() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS);
                r != null;
                r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            lines.add(r.getMethod() + " " + r.getPath().replace(SIGNATURE, "SIG")
                    + (r.getHeader("Authorization") != null ? " (authorized)" : ""));
        }
        return lines;
    }

    @Test
    void aPendingReleaseStreamsItsOutputThenIsReadUntilItSucceeded() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setChunkedBody("Running migrations\nmigrated 3 tables\n", 8));
        server.enqueue(release("pending", false));
        server.enqueue(release("succeeded", true));

        Release outcome = follow(pending(true), ReleaseFollower.DEFAULT_LIMIT);

        assertTrue(outcome.succeeded());
        assertEquals(
                List.of(
                        "GET /streams/r-7?SIG",
                        "GET /streams/r-7?SIG",
                        "GET /streams/r-7?SIG",
                        "GET /apps/myapp/releases/r-7 (authorized)",
                        "GET /apps/myapp/releases/r-7 (authorized)"),
                requests(),
                "the stream gets no token; the release is read until it has an outcome");
        assertEquals(
                "==> Release phase of v7 on the platform:\n"
                        + "release | Running migrations\n"
                        + "release | migrated 3 tables\n",
                err.toString());
        assertEquals("Released v7 of myapp\n", out.toString());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), apiWaits, "the stream's 404s, 1 s apart");
        assertEquals(List.of(Duration.ofSeconds(1)), waits, "one wait between the two reads");
    }

    @Test
    void aReleaseThatFailsInItsReleasePhaseExits5AndIsNeverReportedAsReleased() throws Exception {
        server.enqueue(new MockResponse().setBody("rake aborted!\n"));
        server.enqueue(release("failed", false));

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> follow(pending(true), ReleaseFollower.DEFAULT_LIMIT));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("release v7 of myapp failed in its release phase", e.getMessage());
        assertEquals(
                "`heroku releases:output v7 -a myapp` shows its output; the app goes on running its previous release",
                e.hint());
        assertFalse(out.toString().contains("Released"), out.toString());
        assertTrue(err.toString().contains("release | rake aborted!"), err.toString());
    }

    @Test
    void aReleaseCreatedSucceededIsReportedWithoutAskingAgain() throws Exception {
        follow(new Release("r-7", 7, "succeeded", null, true), ReleaseFollower.DEFAULT_LIMIT);

        assertEquals("Released v7 of myapp\n", out.toString());
        assertEquals(List.of(), requests());
    }

    @Test
    void aReleaseCreatedFailedFailsWithoutAskingAgain() throws Exception {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> follow(new Release("r-7", 7, "failed", null, false), ReleaseFollower.DEFAULT_LIMIT));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(List.of(), requests());
        assertEquals("", out.toString());
    }

    @Test
    void serverErrorsWhileReadingTheReleaseAreRetried() throws Exception {
        server.enqueue(release("pending", false));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(release("succeeded", true));

        follow(pending(false), ReleaseFollower.DEFAULT_LIMIT);

        assertEquals("Released v7 of myapp\n", out.toString());
        assertEquals(4, requests().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), apiWaits);
    }

    @Test
    void anApiThatKeepsFailingWhileFollowingLeavesTheReleaseToThePlatform() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(503));
        }

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> follow(pending(false), ReleaseFollower.DEFAULT_LIMIT));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().startsWith("reading the release r-7 of myapp failed: 503"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; release v7 of myapp is left to the platform"), e.getMessage());
        assertEquals("`heroku releases:info v7 -a myapp` shows how it ends", e.hint());
        assertFalse(e.getMessage().contains(TOKEN));
        assertEquals("", out.toString());
    }

    @Test
    void aReleaseThatStaysPendingHitsTheLimitWithGentlyGrowingWaits() {
        for (int i = 0; i < 20; i++) {
            server.enqueue(release("pending", false));
        }

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> follow(pending(false), Duration.ofSeconds(30)));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("release v7 of myapp is still pending in its release phase after 30 s", e.getMessage());
        assertEquals("it goes on on the platform: `heroku releases:info v7 -a myapp` shows how it ends", e.hint());
        assertEquals(Duration.ofSeconds(30), waits.stream().reduce(Duration.ZERO, Duration::plus), "up to the limit");
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(2250)), waits.subList(0, 3));
        assertTrue(waits.stream().allMatch(w -> w.compareTo(ReleaseFollower.LONGEST_WAIT) <= 0), waits.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aStreamCutOffMidwayWarnsAndTheOutcomeStillComesFromTheApi() {
        server.enqueue(new MockResponse()
                .setBody("step one\nstep two\nstep three, a longer line\n".repeat(3))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(release("succeeded", true));

        follow(pending(true), ReleaseFollower.DEFAULT_LIMIT);

        assertTrue(err.toString().contains("release | step one\n"), err.toString());
        assertTrue(err.toString().contains("warning: reading the release phase's output from "), err.toString());
        assertTrue(err.toString().contains("; waiting for the release to end without its output\n"), err.toString());
        assertFalse(err.toString().contains("s1gnedStr3am"), err.toString());
        assertEquals("Released v7 of myapp\n", out.toString());
    }

    @Test
    void aStreamThatNeverAppearsFallsBackToReadingTheRelease() {
        for (int i = 0; i < 30; i++) {
            server.enqueue(new MockResponse().setResponseCode(404));
        }
        server.enqueue(release("succeeded", true));

        follow(pending(true), ReleaseFollower.DEFAULT_LIMIT);

        assertTrue(
                err.toString()
                        .contains("note: the release phase's output did not appear; waiting for the release to end\n"),
                err.toString());
        assertEquals("Released v7 of myapp\n", out.toString());
    }

    @Test
    void aSucceededReleaseThatIsNotCurrentIsNotReportedAsReleasedAndTheCurrentOneIsNamed() throws Exception {
        server.enqueue(release("succeeded", false));
        server.enqueue(new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("[{\"id\":\"r-8\",\"version\":8,\"status\":\"succeeded\",\"current\":true}]"));

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> follow(pending(false), ReleaseFollower.DEFAULT_LIMIT));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("release v7 of myapp succeeded but is not the app's current release: v8 is", e.getMessage());
        assertEquals("", out.toString());
        List<String> asked = requests();
        assertEquals("GET /apps/myapp/releases (authorized)", asked.get(asked.size() - 1));
    }

    @Test
    void ctrlCWhileFollowingSaysTheReleaseIsLeftToThePlatformInTheOneInterruptedLine() {
        server.enqueue(release("pending", false));
        sleeper = duration -> {
            console.interrupted(); // what the shutdown hook says first
            throw new InterruptedException();
        };

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> follow(pending(false), ReleaseFollower.DEFAULT_LIMIT));

        assertEquals(ExitCode.INTERRUPTED, e.exitCode());
        assertTrue(Thread.interrupted(), "the interrupt is kept");
        String said = err.toString();
        Interrupts.assertOneInterruptedLine(said);
        assertTrue(
                said.contains(
                        "interrupted: release v7 of myapp is left to the platform, which finishes its release phase;"
                                + " `heroku releases:info v7 -a myapp` shows how it ends\n"),
                said);
        assertEquals("", out.toString());
    }

    @Test
    void theStandInServesAPendingReleaseWhoseStreamAnswers404FirstAndChecksTheShapes() throws Exception {
        try (FakePlatform platform = new FakePlatform(Files.createTempDirectory("fake-platform-"))) {
            platform.releasePhase(new FakePlatform.ReleasePhase(2, List.of("migrating", "migrated"), "succeeded"));
            PlatformApi api = TestApis.withTimeouts(
                    URI.create(platform.baseUrl()),
                    new ApiToken(TOKEN, "HEROKU_API_KEY"),
                    apiWaits::add,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2));
            ReleaseFollower follower =
                    new ReleaseFollower(api, console, sleeper, nanos::get, ReleaseFollower.DEFAULT_LIMIT);

            Release created = api.createRelease("myapp", "5a1a5a1a-0000-4000-8000-000000000001", null);
            assertTrue(created.pending(), created.toString());
            Release outcome = follower.follow("myapp", created);

            assertTrue(outcome.succeeded() && outcome.current(), outcome.toString());
            assertEquals(Optional.of(outcome), api.latestRelease("myapp"));
            assertTrue(err.toString().contains("release | migrating\nrelease | migrated\n"), err.toString());
            assertEquals("Released v" + created.version() + " of myapp\n", out.toString());
            List<String> asked = platform.requests().stream()
                    .map(r -> r.getMethod() + " "
                            + r.getPath()
                                    .replaceAll("^/apps/myapp/releases/.*", "RELEASE")
                                    .replaceAll("^/streams/.*", "STREAM"))
                    .toList();
            assertEquals(
                    List.of(
                            "POST /apps/myapp/releases",
                            "GET STREAM",
                            "GET STREAM",
                            "GET STREAM",
                            "GET RELEASE",
                            "GET /apps/myapp/releases"),
                    asked,
                    "the stream answered 404 twice, then streamed");
        }
    }

    @Test
    void afterFollowingCtrlCGetsTheUsualLineAgain() {
        server.enqueue(release("succeeded", true));

        follow(pending(false), ReleaseFollower.DEFAULT_LIMIT);
        console.interrupted();

        assertTrue(
                err.toString().contains("interrupted: stopping and removing what this command started\n"),
                err.toString());
    }
}
