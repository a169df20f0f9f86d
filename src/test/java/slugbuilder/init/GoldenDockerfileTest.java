package slugbuilder.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import slugbuilder.Version;
import slugbuilder.app.AppDir;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.render.TemplateRenderer;
import slugbuilder.support.Fixtures;

/**
 * Every fixture's rendered Dockerfile against fixtures/golden/NAME.Dockerfile. After a deliberate
 * template change, regenerate them with {@code mvn test -Dtest=GoldenDockerfileTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenDockerfileTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Stream<String> fixtures() {
        return Fixtures.appNames().stream();
    }

    /** The one fixture no rule detects is rendered with the template made for it. */
    static String templateFor(String fixture) {
        return fixture.equals("minimal") ? "minimal" : null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void renderedDockerfileMatchesTheGoldenFile(String fixture, @TempDir Path scratch) throws IOException {
        Path app = Fixtures.copy(fixture, scratch);
        InitResult result = new Initializer(PlatformCatalog.builtIn(), new TemplateRenderer())
                .init(AppDir.open(app), templateFor(fixture), Initializer.DEFAULT_STACK, false);
        // the tool's own version is not part of what the golden files pin down
        String rendered = Files.readString(result.dockerfile())
                .replace("slugbuilder " + Version.current(), "slugbuilder VERSION");
        Path golden = Fixtures.GOLDEN.resolve(fixture + ".Dockerfile");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, rendered);
        }
        assertTrue(Files.exists(golden), "missing " + golden + ": run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(golden), rendered, fixture);
    }
}
