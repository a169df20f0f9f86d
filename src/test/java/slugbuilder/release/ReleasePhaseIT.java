package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.support.CliProcess;
import slugbuilder.support.FakePlatformScript;
import slugbuilder.support.Interrupts;

/**
 * The release phase on the platform through the packaged CLI: 'slug release' of a small slug to
 * scripts/fake-platform.py, whose release is pending with an output stream that answers 404
 * first. Its output shows live, and "Released" only comes when the release succeeded. No engine
 * is needed.
 */
class ReleasePhaseIT {
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final String TOKEN = "hrku-phase-token-never-printed";

    @TempDir
    static Path scratch;

    private static Path slug;

    @BeforeAll
    static void slug() throws Exception {
        Path app = Files.createDirectories(scratch.resolve("slug/app/src"));
        Files.writeString(app.resolve("Procfile"), "web: ./server\nrelease: ./migrate\n", StandardCharsets.UTF_8);
        slug = scratch.resolve("slug.tgz");
        Process tar = new ProcessBuilder(
                        "tar",
                        "-czf",
                        slug.toString(),
                        "-C",
                        scratch.resolve("slug").toString(),
                        "./app")
                .inheritIO()
                .start();
        assertEquals(0, tar.waitFor());
    }

    /** The CLI releasing the slug to the stand-in on PORT. */
    private static CliProcess release(int port) {
        return CliProcess.start(
                Map.of("HEROKU_API_KEY", TOKEN),
                "slug",
                "release",
                slug.toString(),
                "--dir",
                scratch.toString(),
                "-a",
                "demo",
                "--api-url",
                "http://127.0.0.1:" + port);
    }

    private static Process platform(int port, String phase, Path log) throws IOException, InterruptedException {
        return FakePlatformScript.start(
                port,
                Map.of(
                        "LOG",
                        "1",
                        "RELEASE_PHASE",
                        phase,
                        "RELEASE_OUTPUT",
                        "Migrating the database|migrated 3 tables"),
                log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void aReleasePhaseThatSucceedsIsStreamedThenReleased() throws Exception {
        int port = freePort();
        Path log = scratch.resolve("succeeded.log");
        Process server = platform(port, "succeeded", log);
        try {
            CliProcess release = release(port);
            assertEquals(0, release.waitFor(RUN), release.err());

            assertTrue(
                    release.err().contains("release | Migrating the database\nrelease | migrated 3 tables"),
                    release.err());
            assertTrue(release.out().contains("Released v1 of demo"), release.out());
            List<String> requests = Files.readAllLines(log);
            assertEquals(
                    3,
                    requests.stream()
                            .filter(l -> l.startsWith("GET /streams/r1 "))
                            .count(),
                    requests.toString());
            assertTrue(requests.contains("GET /streams/r1 404"), requests.toString());
            assertTrue(requests.contains("GET /apps/demo/releases/r1 200"), requests.toString());
            assertFalse(
                    requests.stream().anyMatch(l -> l.contains(" 400")), "every request had its shape: " + requests);
            assertFalse(release.err().contains("never-shown"), "the stream's signature: " + release.err());
            assertFalse(release.err().contains(TOKEN) || release.out().contains(TOKEN));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void aReleasePhaseThatFailsExits5AndIsNeverReleased() throws Exception {
        int port = freePort();
        Process server = platform(port, "failed", scratch.resolve("failed.log"));
        try {
            CliProcess release = release(port);
            assertEquals(5, release.waitFor(RUN), release.err());

            assertTrue(release.err().contains("release | migrated 3 tables"), release.err());
            assertTrue(
                    release.err().contains("error: release v1 of demo failed in its release phase\nhint: "),
                    release.err());
            assertFalse(release.out().contains("Released"), release.out());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void ctrlCWhileFollowingLeavesTheReleaseToThePlatform() throws Exception {
        int port = freePort();
        Process server = platform(port, "pending", scratch.resolve("pending.log"));
        try {
            CliProcess release = release(port);
            release.awaitOutput("release | migrated 3 tables", RUN);
            release.signal("INT");
            assertEquals(130, release.waitFor(RUN), release.err());

            Interrupts.assertOneInterruptedLine(release.err());
            assertTrue(
                    release.err().contains("interrupted: release v1 of demo is left to the platform"), release.err());
            assertFalse(release.out().contains("Released"), release.out());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
