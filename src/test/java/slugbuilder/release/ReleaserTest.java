package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.heroku.Addon;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.AppInfo;
import slugbuilder.heroku.FormationUpdate;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.SlugCreated;
import slugbuilder.heroku.SlugRequest;
import slugbuilder.slug.SlugIgnore;
import slugbuilder.slug.SlugOptions;

/** release on the fake engine and a recording Platform API: what is sent, and when nothing is. */
class ReleaserTest {
    private static final String STACK = "slugbuilder/stack:bookworm-build";
    private static final URI API = URI.create("https://api.example.test");

    /** Records every request; answers as the API would. */
    static final class RecordingApi implements PlatformApi {
        final List<String> requests = new CopyOnWriteArrayList<>();
        SlugbuilderException appLookupFailure;
        /** What creating the release answers; then what each read of it answers, in turn (the last one stays). */
        Release created = new Release("release-1", 7, "succeeded");

        final Deque<Release> reads = new ArrayDeque<>();
        List<String> phaseOutput = List.of();

        @Override
        public Map<String, String> configVars(String app) {
            throw new UnsupportedOperationException("release reads no config vars");
        }

        @Override
        public List<Addon> addons(String app) {
            throw new UnsupportedOperationException("release reads no add-ons");
        }

        @Override
        public Release release(String app, String id) {
            requests.add("read " + id + " of " + app);
            return reads.size() > 1 ? reads.poll() : reads.getFirst();
        }

        @Override
        public Optional<Release> latestRelease(String app) {
            requests.add("latest release of " + app);
            return Optional.of(reads.getLast());
        }

        @Override
        public boolean releaseOutput(URI outputStreamUrl, Consumer<String> lines) {
            requests.add("stream " + outputStreamUrl.getPath());
            phaseOutput.forEach(lines);
            return true;
        }

        @Override
        public SlugCreated createSlug(String app, SlugRequest request) {
            requests.add("create slug for " + app);
            return new SlugCreated("slug-1", "PUT", URI.create("https://blobs.example.test/slug-1"));
        }

        @Override
        public void uploadSlug(URI blobUrl, Path slugTgz, LongConsumer progressBytes) {
            requests.add("upload " + blobUrl);
        }

        @Override
        public Release createRelease(String app, String slugId, String description) {
            requests.add("release " + slugId + " on " + app);
            return created;
        }

        @Override
        public void updateFormation(String app, List<FormationUpdate> updates) {
            requests.add("formation of " + app);
        }

        @Override
        public AppInfo app(String app) {
            requests.add("app " + app);
            if (appLookupFailure != null) {
                throw appLookupFailure;
            }
            return new AppInfo(app, "https://" + app + ".example.test/");
        }
    }

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final RecordingApi api = new RecordingApi();
    private final List<URI> apisMade = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
    private final Cleanup cleanup = Cleanup.registry();
    private AppDir app;

    @BeforeEach
    void app() throws IOException {
        Files.writeString(dir.resolve("Procfile"), "web: ./server\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("Dockerfile"), "FROM " + STACK + "\nONBUILD COPY . /app/src\n", StandardCharsets.UTF_8);
        app = AppDir.open(dir);
        engine.addImage(STACK, Labels.of("stack"));
    }

    private int release(Path output) {
        Releaser.Options options = new Releaser.Options(
                "my-app",
                API,
                output,
                false,
                false,
                null,
                5006,
                Map.of(),
                SlugOptions.defaults(),
                null,
                AddonPlan.none());
        Releaser.Plan plan = new Releaser.Plan(
                Map.of("web", "./server"),
                SlugRequest.of(Map.of("web", "./server")),
                "my-app",
                output == null ? new ApiToken("01234567-89ab-cdef-0123-456789abcdef", "test") : null,
                "slugbuilder/stack:bookworm",
                SlugIgnore.none(),
                true);
        return new Releaser(engine, console, cleanup, (url, token) -> {
                    apisMade.add(url);
                    return api;
                })
                .release(AppInputs.read(app), plan, options, AppImages.BuildSettings.defaults());
    }

    private String startImage() {
        return AppIdentity.of(app).startImage();
    }

    @Test
    void aReleaseCreatesTheSlugUploadsItAndReleasesIt() throws IOException {
        engine.archive(startImage(), "/app", SlugFromImageTest.appTar(Map.of("src/Procfile", "web: ./server\n")));

        assertEquals(0, release(null));

        assertEquals(
                List.of(
                        "app my-app",
                        "create slug for my-app",
                        "upload https://blobs.example.test/slug-1",
                        "release slug-1 on my-app",
                        "app my-app"),
                api.requests,
                "the app is looked up before the build");
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void aPendingReleaseIsFollowedThroughItsReleasePhaseBeforeItIsReported() throws IOException {
        engine.archive(startImage(), "/app", SlugFromImageTest.appTar(Map.of("src/Procfile", "web: ./server\n")));
        URI stream = URI.create("https://streams.example.test/release-1?signature=s3cret");
        api.created = new Release("release-1", 7, "pending", stream, false);
        api.reads.add(new Release("release-1", 7, "succeeded", null, true));
        api.phaseOutput = List.of("Running migrations", "done");

        assertEquals(0, release(null));

        assertEquals(
                List.of(
                        "app my-app",
                        "create slug for my-app",
                        "upload https://blobs.example.test/slug-1",
                        "release slug-1 on my-app",
                        "stream /release-1",
                        "read release-1 of my-app",
                        "app my-app"),
                api.requests);
        assertTrue(err.toString().contains("release | Running migrations\n"), err.toString());
        assertTrue(out.toString().contains("Released v7 of my-app"), out.toString());
        assertFalse(err.toString().contains("s3cret"), "the stream's signature is never shown: " + err);
    }

    @Test
    void aReleaseWhosePhaseFailsIsNeverReportedAsReleased() throws IOException {
        engine.archive(startImage(), "/app", SlugFromImageTest.appTar(Map.of("src/Procfile", "web: ./server\n")));
        api.created = new Release("release-1", 7, "pending", null, false);
        api.reads.add(new Release("release-1", 7, "failed", null, false));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(null));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals("release v7 of my-app failed in its release phase", e.getMessage());
        assertTrue(e.hint().contains("heroku releases:output v7 -a my-app"), e.hint());
        assertFalse(out.toString().contains("Released"), out.toString());
        assertEquals("read release-1 of my-app", api.requests.get(api.requests.size() - 1), "no URL lookup after");
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void anAppTheTokenCannotReachFailsBeforeAnyBuild() {
        api.appLookupFailure =
                new SlugbuilderException(ExitCode.PLATFORM_API, "the app my-app was not found (HTTP 404)");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(null));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(List.of("app my-app"), api.requests);
        assertEquals(List.of(), engine.calls("build"), "nothing was built");
    }

    @Test
    void aFailingPackSendsNothing() {
        engine.archive(startImage(), "/app", "not a tar".repeat(200).getBytes(StandardCharsets.UTF_8));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(null));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "failed to read /app of " + startImage() + " from the engine: the engine's archive is damaged:"
                        + " a header field that is not an octal number (after 512 bytes)",
                e.getMessage());

        assertEquals(List.of("app my-app"), api.requests, "nothing but the lookup made before the build");
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void anImageWithoutAppSendsNothing() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> release(null));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("the image " + startImage() + " has no /app directory", e.getMessage());

        assertEquals(List.of("app my-app"), api.requests, "nothing but the lookup made before the build");
    }

    @Test
    void outputWritesTheSlugAndSendsNothing() throws IOException {
        engine.archive(startImage(), "/app", SlugFromImageTest.appTar(Map.of("src/Procfile", "web: ./server\n")));
        Path output = dir.resolveSibling(dir.getFileName() + "-slug.tgz");
        try {
            assertEquals(0, release(output));

            assertTrue(Files.size(output) > 0);
            assertEquals(List.of(), api.requests);
            assertEquals(List.of(), apisMade, "no API client is even made");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void aFailingBuildSendsNothingAndPacksNothing() {
        engine.onBuild(
                request -> request.purpose().equals("the app image"),
                FakeEngine.BuildScript.failing(new BuildFailedException(
                        "build failed: The command '/bin/sh -c make' returned a non-zero code: 2",
                        "the output above shows the failing step")));

        BuildFailedException e = assertThrows(BuildFailedException.class, () -> release(null));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals("build failed: The command '/bin/sh -c make' returned a non-zero code: 2", e.getMessage());

        assertEquals(List.of("app my-app"), api.requests, "nothing but the lookup made before the build");
        assertFalse(engine.calls("create").stream().findAny().isPresent(), "no container to pack from");
    }
}
