package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import slugbuilder.app.AppDir;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.init.Initializer;
import slugbuilder.render.TemplateRenderer;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;

/**
 * Every fixture's Dockerfile, rendered on the local build stack, goes through the real engine.
 * The runtime mirrors point at a closed port on the container's own loopback, so templates that
 * download a runtime must pass the parser and every step before, then stop exactly at the
 * download; templates without a download must build completely.
 */
class DockerfileParseIT {
    private static final Pattern MIRROR_ARG = Pattern.compile("(?m)^ARG (\\w+_MIRROR)=");
    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
    private static ContainerEngine engine;
    private static final List<String> built = new ArrayList<>();

    @BeforeAll
    static void connect() {
        engine = Engine.connect();
    }

    @AfterAll
    static void removeImages() {
        built.forEach(engine.images()::remove);
        engine.close();
    }

    static Stream<String> fixtures() {
        return Fixtures.appNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theEngineAcceptsTheDockerfile(String fixture, @TempDir Path scratch) throws IOException {
        Path app = Fixtures.copy(fixture, scratch);
        String template = fixture.equals("minimal") ? "minimal" : null;
        new Initializer(PlatformCatalog.builtIn(), new TemplateRenderer())
                .init(AppDir.open(app), template, Engine.BUILD_STACK, false);
        String dockerfile = Files.readString(app.resolve("Dockerfile"));

        Map<String, String> closedMirrors = new LinkedHashMap<>();
        Matcher args = MIRROR_ARG.matcher(dockerfile);
        while (args.find()) {
            closedMirrors.put(args.group(1), "http://127.0.0.1:9");
        }
        String tag = "slugbuilder-test/parse-" + fixture + ":" + System.nanoTime();
        List<String> output = new ArrayList<>();
        BuildRequest request = new BuildRequest(
                BuildContext.ofDockerfile(dockerfile), "Dockerfile", List.of(tag), closedMirrors, Labels.of("test"));

        if (closedMirrors.isEmpty()) {
            engine.images().build(request, output::add);
            built.add(tag);
            assertTrue(engine.images().imageId(tag).isPresent(), fixture + ": no image after a successful build");
            return;
        }
        BuildFailedException failure = assertThrows(
                BuildFailedException.class,
                () -> engine.images().build(request, output::add),
                fixture + " built although its runtime mirror is closed");
        // curl's exit code 7: could not connect. Anything else (a parse error above all) is a template bug.
        assertTrue(
                failure.getMessage().contains("returned a non-zero code: 7"),
                fixture + ": " + failure.getMessage() + "\n" + String.join("\n", output));
        List<String> steps =
                output.stream().filter(line -> STEP.matcher(line).matches()).toList();
        assertTrue(steps.get(0).startsWith("Step 1/"), "the parser accepted the whole file before step 1");
        String failingStep = steps.get(steps.size() - 1);
        assertTrue(
                failingStep.contains("curl") && failingStep.contains("_MIRROR"),
                fixture + " failed at a step other than the runtime download: " + failingStep);
        Matcher total = STEP.matcher(failingStep);
        assertTrue(total.matches());
        assertTrue(
                Integer.parseInt(total.group(1)) < Integer.parseInt(total.group(2)), "steps remain after the download");
        assertEquals(
                List.of(), engine.images().imageId(tag).stream().toList(), "a failed build leaves no tagged image");
    }
}
