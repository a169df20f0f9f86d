package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.support.Fixtures;

class DetectorTest {
    private final PlatformCatalog catalog = PlatformCatalog.builtIn();
    private final Detector detector = new Detector(catalog);

    @ParameterizedTest(name = "{0} is {1} (from {2})")
    @CsvSource({
        "node-express,       node,   package.json",
        "node-nvmrc,         node,   package.json",
        "rails,              ruby,   Gemfile",
        "ruby-gemfile,       ruby,   Gemfile",
        "django,             python, requirements.txt",
        "python-runtime-txt, python, Pipfile",
        "maven,              java,   pom.xml",
        "maven-wrapper,      java,   pom.xml",
        "gradle,             gradle, gradlew",
        "sbt,                scala,  build.sbt",
        "go-module,          go,     go.mod",
        "go-toolchain,       go,     go.mod",
        "composer,           php,    composer.json",
        "static,             static, index.html",
        "aptfile,            static, index.html",
    })
    void detectsEveryFixture(String fixture, String platform, String evidence) {
        Detection detection = detector.detect(AppDir.open(Fixtures.APPS.resolve(fixture)));
        assertEquals(platform, detection.platform().name());
        assertEquals(evidence, detection.evidence());
    }

    @Test
    void appsWithFrontEndAssetsKeepTheirServerLanguageAndMentionNode() {
        for (String fixture : List.of("rails", "django", "composer")) {
            Detection detection = detector.detect(AppDir.open(Fixtures.APPS.resolve(fixture)));
            assertTrue(
                    detection.alsoMatched().stream()
                            .anyMatch(m -> m.platform().name().equals("node")),
                    fixture + " should report node as a further match");
        }
    }

    @Test
    void everyPlatformButMinimalHasADetectionRule() {
        for (Platform platform : catalog.inOrder()) {
            boolean hasRule = !platform.detect().files().isEmpty()
                    || !platform.detect().globs().isEmpty();
            assertEquals(!platform.name().equals("minimal"), hasRule, platform.name());
        }
    }

    @Test
    void nothingDetectedListsWhatWasLookedFor(@TempDir Path scratch) {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> detector.detect(AppDir.open(Fixtures.APPS.resolve("minimal"))));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        for (String expected :
                List.of("package.json", "Gemfile", "requirements.txt", "*.sbt", "go.mod", "composer.json")) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        assertTrue(e.hint().contains("--template minimal"), e.hint());
    }

    @Test
    void aDetectionFileThatIsABrokenLinkIsNamed(@TempDir Path scratch) throws Exception {
        Path app = Fixtures.app(scratch, "README.md", "# app\n");
        Files.createSymbolicLink(app.resolve("package.json"), Path.of("../web/package.json"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> detector.detect(AppDir.open(app)));
        assertEquals("package.json: a symbolic link to ../web/package.json, which does not exist", e.getMessage());
    }

    @Test
    void orderIsTheDocumentedOne() {
        assertEquals(
                List.of("ruby", "python", "php", "java", "gradle", "scala", "go", "node", "static", "minimal"),
                catalog.inOrder().stream().map(Platform::name).toList());
    }

    @Test
    void scalaIsFoundFromProjectFilesAlone(@TempDir Path scratch) {
        Path app = Fixtures.app(
                scratch, "project/Build.scala", "object Build", "project/build.properties", "sbt.version=1.10.6\n");
        assertEquals("scala", detector.detect(AppDir.open(app)).platform().name());
    }
}
