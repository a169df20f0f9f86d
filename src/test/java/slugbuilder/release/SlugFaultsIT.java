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
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.DirectoryContext;
import slugbuilder.engine.Labels;
import slugbuilder.support.CliProcess;
import slugbuilder.support.CliRun;
import slugbuilder.support.Engine;
import slugbuilder.support.FakePlatformScript;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;

/**
 * What goes wrong while a slug is made and shipped, through the packaged CLI on the real
 * engine: a full disk, an image without /app or with an empty one, Ctrl-C while packing and
 * while uploading. Each ends with one clear line, the right exit code, no partial file, no
 * container, and never a release.
 */
class SlugFaultsIT {
    private static final String BIG = "slugbuilder-test/faults:big";
    private static final String SMALL = "slugbuilder-test/faults:small";
    private static final String EMPTY_APP = "slugbuilder-test/faults:empty-app";
    private static final Duration RUN = Duration.ofMinutes(2);

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;

    @BeforeAll
    static void images() throws IOException {
        engine = Engine.connect();
        build(
                BIG,
                "RUN mkdir -p /app/src && head -c 157286400 /dev/urandom > /app/src/big.bin && echo 'web: sleep 1000' > /app/src/Procfile");
        build(SMALL, "RUN mkdir -p /app/src && head -c 4194304 /dev/urandom > /app/src/small.bin");
        build(EMPTY_APP, "RUN mkdir /app");
    }

    private static void build(String tag, String run) throws IOException {
        Path context = Files.createDirectories(scratch.resolve("ctx-" + tag.replaceAll("\\W", "-")));
        byte[] dockerfile = ("FROM " + Engine.STACK + "\n" + run + "\n").getBytes(StandardCharsets.UTF_8);
        engine.images()
                .build(
                        new BuildRequest(
                                new DirectoryContext(context, Map.of("Dockerfile", dockerfile)),
                                "Dockerfile",
                                List.of(tag),
                                Map.of(),
                                Labels.of("test")),
                        line -> {});
    }

    @AfterAll
    static void removeImages() {
        Stream.of(BIG, SMALL, EMPTY_APP).forEach(engine.images()::remove);
        engine.close();
    }

    private static List<String> packContainers() {
        return engine.containers().list(Labels.of("pack"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A 1 MiB tmpfs mounted for the test: a full file system, for real. */
    private static Path tinyDisk(String name) throws IOException, InterruptedException {
        Path small = Files.createDirectories(scratch.resolve(name));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .inheritIO()
                .start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "mounting a 1 MiB tmpfs needs root (and mount)");
        return small;
    }

    private static void unmount(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
    }

    /** One error line naming the file and the lack of space, exit 6 (this machine's shortage), nothing left. */
    private static void assertOutOfSpace(CliProcess cli, Path slug) throws IOException {
        assertEquals(ExitCode.ENVIRONMENT.code, cli.exitCode(), cli.err());
        List<String> errors =
                cli.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(List.of("error: no space left on the device to write the slug " + slug), errors, cli.err());
        assertTrue(cli.err().contains("hint: free some space there (df " + slug.getParent() + ")"), cli.err());
        assertEquals(List.of(), names(slug.getParent()), "no slug and no partial file");
        assertEquals(List.of(), packContainers());
    }

    @Test
    void aFullDiskFailsWithOneLineAndLeavesNoPartialSlug() throws Exception {
        Path small = tinyDisk("tiny-disk");
        try {
            CliProcess pack = CliProcess.run(
                    RUN,
                    "slug",
                    "pack",
                    SMALL,
                    "--output",
                    small.resolve("slug.tgz").toString());
            assertOutOfSpace(pack, small.resolve("slug.tgz"));
        } finally {
            unmount(small);
        }
    }

    @Test
    void releaseOutputOntoAFullDiskFailsWithOneLineAndLeavesNoPartialSlug() throws Exception {
        Path app = Fixtures.copy("minimal", scratch);
        CliRun init = CliRun.of("init", "--template", "minimal", "--stack", Engine.BUILD_STACK, app.toString());
        assertEquals(0, init.exitCode(), init.err());
        byte[] noise = new byte[3 * 1024 * 1024]; // incompressible: more than the disk holds once gzipped
        new Random(13).nextBytes(noise);
        Files.write(app.resolve("noise.bin"), noise);
        Path small = tinyDisk("tiny-disk-release");
        try {
            CliProcess release = CliProcess.run(
                    RUN,
                    "release",
                    "--dir",
                    app.toString(),
                    "--output",
                    small.resolve("slug.tgz").toString());
            assertOutOfSpace(release, small.resolve("slug.tgz"));
        } finally {
            unmount(small);
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        }
    }

    @Test
    void anImageWithoutAppOrWithAnEmptyOneIsRefused() throws Exception {
        Path out = Files.createDirectories(scratch.resolve("no-app"));
        CliProcess none = CliProcess.run(
                RUN,
                "slug",
                "pack",
                Engine.STACK,
                "--output",
                out.resolve("slug.tgz").toString());
        assertEquals(3, none.exitCode(), none.err());
        assertTrue(none.err().contains("error: the image " + Engine.STACK + " has no /app directory"), none.err());

        CliProcess empty = CliProcess.run(
                RUN,
                "slug",
                "pack",
                EMPTY_APP,
                "--output",
                out.resolve("slug.tgz").toString());
        assertEquals(3, empty.exitCode(), empty.err());
        assertTrue(
                empty.err()
                        .contains("error: the image " + EMPTY_APP + " has an empty /app: its slug would hold nothing"),
                empty.err());
        assertEquals(List.of(), names(out));
        assertEquals(List.of(), packContainers());
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void ctrlCOrSigtermWhilePackingLeavesNoContainerAndNoPartialFile(String signal) throws Exception {
        Path out = Files.createDirectories(scratch.resolve("interrupted-pack-" + signal));
        CliProcess pack = CliProcess.start(
                "slug", "pack", BIG, "--output", out.resolve("slug.tgz").toString());
        pack.awaitOutput("Packing /app of", RUN);
        Thread.sleep(300);
        pack.signal(signal);
        assertEquals(signal.equals("INT") ? 130 : 143, pack.waitFor(RUN), pack.err());
        assertEquals(List.of(), names(out), "no slug and no partial file");
        Interrupts.assertOneInterruptedLine(pack.err());
        assertEquals(List.of(), packContainers());
    }

    @Test
    void ctrlCWhileUploadingNeverReleases() throws Exception {
        Path slug = scratch.resolve("upload/slug.tgz");
        Files.createDirectories(slug.getParent());
        assertEquals(
                0,
                CliProcess.run(RUN, "slug", "pack", BIG, "--output", slug.toString())
                        .exitCode());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = scratch.resolve("api.log");
        Process server = FakePlatformScript.start(port, Map.of("LOG", "1"), log, "10"); // 10 MB/s
        try {
            CliProcess release = CliProcess.start(
                    Map.of("HEROKU_API_KEY", "hrku-interrupt-token"),
                    "slug",
                    "release",
                    slug.toString(),
                    "-a",
                    "demo",
                    "--api-url",
                    "http://127.0.0.1:" + port);
            release.awaitOutput("Uploading the slug", RUN);
            Thread.sleep(1000); // a tenth of the way, at 10 MB/s
            release.signal("INT");
            assertEquals(130, release.waitFor(RUN), release.err());
            assertFalse(release.out().contains("Released"), release.out());
            Thread.sleep(500);
            List<String> requests = Files.readAllLines(log);
            assertTrue(requests.stream().anyMatch(l -> l.startsWith("POST /apps/demo/slugs")), requests.toString());
            assertFalse(
                    requests.stream().anyMatch(l -> l.contains("/releases")),
                    "no release after an interrupted upload: " + requests);
            assertFalse(release.err().contains("hrku-interrupt-token"));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
