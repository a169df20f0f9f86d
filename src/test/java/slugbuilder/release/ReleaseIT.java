package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.support.CliProcess;
import slugbuilder.support.CliRun;
import slugbuilder.support.Engine;
import slugbuilder.support.FakePlatform;
import slugbuilder.support.Fixtures;
import slugbuilder.support.NodeMirror;

/**
 * release end to end through the packaged CLI: the node sample (a git repository) is built,
 * packed, verified on the bare run stack and released to a local fake Platform API; the slug
 * that API received is then booted with 'slug run' on the bare stack and answers HTTP. The
 * Aptfile sample's tool works from its slug.
 */
class ReleaseIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final String TOKEN = "hrku-0123456789abcdef-never-printed";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;

    @BeforeAll
    static void setUp() throws Exception {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Fixtures.copy("node-express", scratch);
        Fixtures.init(app);
        git("init", "-q");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Ship the sample");
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    @Test
    void theNodeSampleIsReleasedAndTheReceivedSlugBootsOnTheBareStack() throws Exception {
        try (FakePlatform platform = new FakePlatform(scratch.resolve("blobs"))) {
            Map<String, String> env = new HashMap<>(Map.of("HEROKU_API_KEY", TOKEN));
            env.put("HEROKU_APP", null);
            CliProcess release = CliProcess.run(
                    BUILD,
                    env,
                    "release",
                    "--debug",
                    "--dir",
                    app.toString(),
                    "-a",
                    "demo-app",
                    "--api-url",
                    platform.baseUrl(),
                    "--verify",
                    "--run-stack",
                    Engine.STACK,
                    "--port",
                    Integer.toString(freePort()),
                    "--build-arg",
                    "NODE_MIRROR=" + mirror.url(),
                    "--build-network",
                    "host");
            assertEquals(0, release.exitCode(), release.err());
            assertEquals(
                    List.of("Released v42 of demo-app", "https://demo-app.herokuapp.com/"),
                    release.out().lines().toList());
            assertTrue(release.err().contains("web.1 answered on"), "verified before sending: " + release.err());
            assertFalse(
                    (release.out() + release.err()).contains(TOKEN), "the token is never printed, --debug included");

            List<RecordedRequest> requests = platform.requests();
            assertEquals(
                    List.of(
                            "GET /apps/demo-app",
                            "POST /apps/demo-app/slugs",
                            "PUT /blobs",
                            "POST /apps/demo-app/releases",
                            "GET /apps/demo-app"),
                    requests.stream()
                            .map(r -> r.getMethod() + " " + r.getPath().replaceAll("^(/blobs)/.*", "$1"))
                            .toList());
            RecordedRequest create = requests.get(1); // after the lookup of the app, made before the build
            assertEquals("Bearer " + TOKEN, create.getHeader("Authorization"));
            assertEquals("application/vnd.heroku+json; version=3", create.getHeader("Accept"));
            JsonNode slugBody = JSON.readTree(create.getBody().readUtf8());
            assertEquals("node index.js", slugBody.at("/process_types/web").asText());
            assertTrue(slugBody.at("/process_types").has("worker"));
            assertEquals(git("rev-parse", "HEAD"), slugBody.get("commit").asText());
            assertEquals("Ship the sample", slugBody.get("commit_description").asText());
            assertTrue(
                    slugBody.get("buildpack_provided_description").asText().matches("slugbuilder \\S+ \\(Node\\.js\\)"),
                    slugBody.toString());
            assertNull(slugBody.get("stack"), "a local stack is no Heroku stack: the API picks the app's");

            RecordedRequest put = requests.get(2);
            assertNull(put.getHeader("Authorization"), "the signed blob URL gets no token");
            assertNull(put.getHeader("Content-Type"));
            String slugId = put.getPath().replaceAll("^/blobs/([^?]+).*", "$1");
            Path received = platform.blob(slugId);
            assertEquals(Long.toString(Files.size(received)), put.getHeader("Content-Length"));
            JsonNode releaseBody = JSON.readTree(requests.get(3).getBody().readUtf8());
            assertEquals(slugId, releaseBody.get("slug").asText());

            List<String> names = entryNames(received);
            assertEquals(
                    List.of(),
                    names.stream()
                            .filter(n -> !n.startsWith("./app/"))
                            .limit(10)
                            .toList(),
                    "every entry under ./app/");
            assertTrue(names.contains("./app/src/Procfile"), "the app's files sit in /app/src");
            assertTrue(names.contains("./app/.profile.d/nodejs.sh"), "the runtime's .profile.d script");
            assertFalse(names.contains("./app/src/.env"), ".env values are config vars, never part of a slug");
            assertFalse(new String(Files.readAllBytes(received), StandardCharsets.ISO_8859_1).contains(TOKEN));
            assertFalse(
                    Engine.imageContains(AppIdentity.of(AppDir.open(app)).startImage(), TOKEN),
                    "nor is it in the image");

            bootAndRequest(received);
        }
        assertEquals(List.of(), engine.containers().list(Labels.of(SlugRunner.KIND)));
        assertEquals(
                List.of(),
                engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter()));
    }

    @Test
    void aFailedUploadIsNeverReleased() throws Exception {
        try (FakePlatform platform = new FakePlatform(scratch.resolve("blobs-refused"))) {
            platform.refuseUploads(
                    403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
            CliProcess release = CliProcess.run(
                    BUILD,
                    Map.of("HEROKU_API_KEY", TOKEN),
                    "release",
                    "--dir",
                    app.toString(),
                    "-a",
                    "demo-app",
                    "--api-url",
                    platform.baseUrl(),
                    "--build-arg",
                    "NODE_MIRROR=" + mirror.url(),
                    "--build-network",
                    "host");
            assertEquals(5, release.exitCode(), release.err());
            assertTrue(
                    release.err().lines().anyMatch(l -> l.startsWith("error: uploading the slug") && l.contains("403")),
                    release.err());
            assertEquals(
                    List.of("GET", "POST", "PUT"),
                    platform.requests().stream()
                            .map(RecordedRequest::getMethod)
                            .distinct()
                            .toList(),
                    "the app looked up, the slug created and uploaded, and no release after a refused upload");
            assertEquals(List.of(), slugTemporaries());
        }
    }

    @Test
    void outputWritesTheSlugAndSendsNothing() throws Exception {
        Path output = scratch.resolve("out/slug.tgz");
        Files.createDirectories(output.getParent());
        CliProcess release = CliProcess.run(
                BUILD,
                Map.of("HEROKU_API_KEY", TOKEN),
                "release",
                "--dir",
                app.toString(),
                "--output",
                output.toString(),
                "--reproducible",
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host");
        assertEquals(0, release.exitCode(), release.err());
        assertEquals("Wrote " + output, release.out().strip());
        byte[] first = Files.readAllBytes(output);
        CliProcess again = CliProcess.run(
                BUILD,
                Map.of(),
                "release",
                "--dir",
                app.toString(),
                "--output",
                output.toString(),
                "--reproducible",
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Arrays.equals(first, Files.readAllBytes(output)), "--reproducible gives the same bytes");
        try (var listing = Files.list(output.getParent())) {
            assertEquals(
                    List.of("slug.tgz"),
                    listing.map(p -> p.getFileName().toString()).toList(),
                    "no partial file left");
        }
    }

    @Test
    void theAptfileToolWorksFromTheBootedSlug() throws Exception {
        Path apt = Fixtures.copy("aptfile", scratch.resolve("apt"));
        try {
            assertEquals(
                    0,
                    CliRun.of("init", "--stack", Engine.BUILD_STACK, apt.toString())
                            .exitCode());
            Path slug = scratch.resolve("apt.tgz");
            CliProcess release =
                    CliProcess.run(BUILD, Map.of(), "release", "--dir", apt.toString(), "--output", slug.toString());
            assertEquals(0, release.exitCode(), release.err());
            CliProcess run = CliProcess.run(
                    Duration.ofMinutes(2),
                    Map.of(),
                    "slug",
                    "run",
                    slug.toString(),
                    "--stack",
                    Engine.STACK,
                    "--port",
                    Integer.toString(freePort()));
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().lines().anyMatch(l -> l.matches("web\\.1 +\\| jq-1\\.\\d+")), run.err());
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", apt.toString());
        }
    }

    private static void bootAndRequest(Path slug) throws Exception {
        int port = freePort();
        CliProcess boot = CliProcess.run(
                Duration.ofMinutes(2),
                Map.of(),
                "slug",
                "run",
                slug.toString(),
                "--stack",
                Engine.STACK,
                "--port",
                Integer.toString(port),
                "--detach");
        try {
            assertEquals(0, boot.exitCode(), boot.err());
            assertEquals(
                    "web process will be available at http://127.0.0.1:" + port + "/",
                    boot.out().strip());
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
        } finally {
            assertEquals(
                    0, CliProcess.run(Duration.ofMinutes(1), "stop", "--slugs").exitCode());
        }
    }

    private static List<String> entryNames(Path slug) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(slug);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static List<String> slugTemporaries() throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("slugbuilder-release-"))
                    .toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", app.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), out);
        return out;
    }
}
