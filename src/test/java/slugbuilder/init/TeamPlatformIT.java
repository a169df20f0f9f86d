package slugbuilder.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.detect.PlatformDirs;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;

/**
 * A team's platform (fixtures/platforms/perl.*, taken from SLUGBUILDER_PLATFORMS) through the
 * packaged CLI on the real engine: its Dockerfile starts, releases to a slug and boots on the
 * bare run stack like a built-in one. The slug carries no skeleton files, and its process has a
 * user name, as on a dyno.
 */
class TeamPlatformIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path scratch;

    private static Path app;

    @BeforeAll
    static void setUp() throws IOException {
        app = Files.createDirectories(scratch.resolve("perl"));
        for (String name : List.of("app.pl", "Procfile")) {
            Files.copy(Fixtures.ROOT.resolve("team-apps").resolve("perl").resolve(name), app.resolve(name));
        }
        CliProcess init = CliProcess.run(
                Duration.ofMinutes(1),
                Map.of(PlatformDirs.ENV, Fixtures.ROOT.resolve("platforms").toString()),
                "init",
                "--stack",
                Engine.BUILD_STACK,
                app.toString());
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.err().contains("detected perl from app.pl"), init.err());
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
    }

    @Test
    void startServesTheApp() throws Exception {
        int port = freePort();
        CliProcess start =
                CliProcess.run(BUILD, "start", "--dir", app.toString(), "--port", Integer.toString(port), "--detach");
        try {
            assertEquals(0, start.exitCode(), start.err());
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("hello from perl, running as app\n", answer.body());
        } finally {
            assertEquals(
                    0,
                    CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString())
                            .exitCode());
        }
    }

    @Test
    void theSlugCarriesNoSkeletonFilesAndBootsAsANamedUser() throws Exception {
        Path slug = scratch.resolve("perl.tgz");
        CliProcess release = CliProcess.run(BUILD, "release", "--dir", app.toString(), "--output", slug.toString());
        assertEquals(0, release.exitCode(), release.err());
        List<String> names = entryNames(slug);
        assertTrue(names.contains("./app/src/app.pl"), names.toString());
        for (String skeleton : List.of(".profile", ".bashrc", ".bash_logout")) {
            assertFalse(names.contains("./app/" + skeleton), skeleton + " in the slug: " + names);
        }

        CliProcess run =
                CliProcess.run(Duration.ofMinutes(2), "slug", "run", slug.toString(), "user", "--stack", Engine.STACK);
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.err()
                .lines()
                .filter(l -> l.matches("user\\.1 +\\| .*"))
                .map(l -> l.replaceFirst("user\\.1 +\\| ", ""))
                .toList();
        assertEquals("dyno", lines.isEmpty() ? "" : lines.get(0), "id -un on the run stack: " + run.err());
        assertFalse(lines.contains(".bashrc") || lines.contains(".profile"), "ls -A /app: " + lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static List<String> entryNames(Path slug) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(slug);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName().replaceFirst("/$", ""));
            }
        }
        return names;
    }
}
