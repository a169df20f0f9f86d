package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.Buildpack;
import slugbuilder.support.Fixtures;

/** app.json's buildpacks choose the platform: the mapping is data (platforms/*.json "buildpacks"). */
class BuildpackChoiceTest {
    private final Detector detector = new Detector(PlatformCatalog.builtIn());

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "heroku/nodejs,                                                               node",
        "heroku/ruby,                                                                 ruby",
        "heroku/python,                                                               python",
        "heroku/php,                                                                  php",
        "heroku/go,                                                                   go",
        "heroku/java,                                                                 java",
        "heroku/gradle,                                                               gradle",
        "heroku/scala,                                                                scala",
        "heroku-community/static,                                                     static",
        "https://github.com/heroku/heroku-buildpack-nodejs,                          node",
        "https://github.com/heroku/heroku-buildpack-ruby.git,                        ruby",
        "http://github.com/heroku/heroku-buildpack-python/,                          python",
        "https://github.com/heroku/heroku-buildpack-go#v180,                         go",
        "HTTPS://GitHub.com/heroku/heroku-buildpack-php,                             php",
        "https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/gradle.tgz,   gradle",
    })
    void everyHerokuBuildpackNamesItsPlatform(String url, String platform) {
        // the app's files say node: the buildpack wins, as it chooses Heroku's buildpack
        Detection detection =
                detector.detect(AppDir.open(Fixtures.APPS.resolve("node-express")), List.of(new Buildpack(url, 7)));
        assertEquals(platform, detection.platform().name());
        assertEquals("app.json's buildpack " + url + " (line 7)", detection.evidence());
        assertEquals(List.of(), detection.warnings());
    }

    @Test
    void ofSeveralTheLastGivesThePlatformAndTheOthersAreNamed() {
        Detection detection = detector.detect(
                AppDir.open(Fixtures.APPS.resolve("rails")),
                List.of(new Buildpack("heroku/ruby", 3), new Buildpack("heroku/nodejs", 4)));
        assertEquals("node", detection.platform().name());
        assertEquals(
                List.of("app.json's buildpack heroku/ruby (line 3) names ruby; slugbuilder builds one platform, the"
                        + " last buildpack's (node), as the last one gives Heroku's process types"),
                detection.notes());
        assertTrue(
                detection.alsoMatched().stream()
                        .anyMatch(m -> m.platform().name().equals("ruby")),
                "the files' platform is still offered");
    }

    @Test
    void anUnknownBuildpackIsAWarningAndDetectionGoesOn() {
        Detection detection = detector.detect(
                AppDir.open(Fixtures.APPS.resolve("node-express")),
                List.of(new Buildpack("https://github.com/heroku/heroku-buildpack-apt", 5)));
        assertEquals("node", detection.platform().name());
        assertEquals("package.json", detection.evidence());
        assertEquals(
                List.of("app.json:5: the buildpack https://github.com/heroku/heroku-buildpack-apt has no slugbuilder"
                        + " platform; left out (what it adds is not built)"),
                detection.warnings());

        Detection mixed = detector.detect(
                AppDir.open(scratch),
                List.of(new Buildpack("heroku/python", 2), new Buildpack("example/third-party", 3)));
        assertEquals("python", mixed.platform().name(), "an app with no detectable files, named by its buildpack");
        assertEquals(1, mixed.warnings().size());
    }
}
