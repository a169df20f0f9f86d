package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.support.Fixtures;

class RuntimeResolverTest {
    private final PlatformCatalog catalog = PlatformCatalog.builtIn();
    private final RuntimeResolver resolver = new RuntimeResolver(catalog);

    @TempDir
    Path scratch;

    /** The newest inventory entry starting with PREFIX, found by plain numeric comparison (no semver library). */
    private String newest(String inventory, String prefix) {
        return catalog.inventory(inventory).versions().stream()
                .filter(v -> v.startsWith(prefix))
                .max(Comparator.comparing(RuntimeResolverTest::numeric))
                .orElseThrow();
    }

    private static String numeric(String version) {
        return Arrays.stream(version.split("\\."))
                .map(p -> String.format(Locale.ROOT, "%06d", Integer.parseInt(p)))
                .collect(Collectors.joining("."));
    }

    private Map<String, ResolvedRuntime> resolve(Path app, String platform) {
        return resolver.resolve(AppDir.open(app), catalog.require(platform)).stream()
                .collect(Collectors.toMap(ResolvedRuntime::name, r -> r));
    }

    private ResolvedRuntime node(String engines) {
        Path app = Fixtures.app(
                scratch, "package.json", "{\n  \"name\": \"x\",\n  \"engines\": {\"node\": \"" + engines + "\"}\n}\n");
        return resolve(app, "node").get("node");
    }

    @Test
    void nodeRangesResolveToTheNewestMatchingRelease() {
        assertEquals(newest("node", "20."), node("^20").version());
        assertEquals(newest("node", "20."), node("20.x").version());
        assertEquals(newest("node", "20."), node(">=18 <21").version());
        assertEquals(newest("node", "18."), node("18 || 16").version());
        assertEquals(newest("node", "20.17."), node("~20.17").version());
        assertEquals("20.18.0", node("20.18.0").version());
        assertEquals("20.18.0", node("v20.18.0").version());
        assertEquals(newest("node", "22."), node(">= 21.0.0 < 23").version());
    }

    @Test
    void theOriginSaysWhereTheVersionCameFrom() {
        ResolvedRuntime r = node("^20");
        assertEquals("engines ^20", r.origin());
        assertEquals("node " + r.version() + " from engines ^20", r.describe());
    }

    @Test
    void unsatisfiableRangeNamesTheFileAndLine() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> node("^99"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("package.json:3: engines \"^99\" matches no released Node.js version"),
                e.getMessage());
        assertTrue(e.hint().contains("platforms/versions/node.json"), e.hint());
    }

    @Test
    void enginesMustBeAString() {
        Path app = Fixtures.app(scratch, "package.json", "{\n  \"engines\": {\n    \"node\": 20\n  }\n}\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "node"));
        assertEquals("package.json:3: engines.node must be a string, not number", e.getMessage());
    }

    @Test
    void invalidJsonNamesTheLine() {
        Path app =
                Fixtures.app(scratch, "package.json", "{\n  \"name\": \"x\",\n  \"engines\": {\"node\": \"20\"\n}\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "node"));
        assertTrue(e.getMessage().startsWith("package.json:5: invalid JSON"), e.getMessage());
    }

    @Test
    void garbageIsNotARange() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> node("latest-and-greatest"));
        assertTrue(e.getMessage().contains("is not a version or version range"), e.getMessage());
    }

    @Test
    void noVersionMeansThePlatformDefault() {
        Path app = Fixtures.app(scratch, "package.json", "{}");
        ResolvedRuntime r = resolve(app, "node").get("node");
        assertEquals(newest("node", "24."), r.version());
        assertEquals("default 24.x", r.origin());
    }

    @Test
    void nvmrcAliasesPickTheNewestLts() {
        ResolvedRuntime r = resolve(Fixtures.APPS.resolve("node-nvmrc"), "node").get("node");
        String ltsMajor = catalog.inventory("node").newestLtsMajor();
        assertEquals(newest("node", ltsMajor + "."), r.version());
        assertEquals(".nvmrc lts/*", r.origin());
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
        "rails,              ruby,   3.3.6,  Gemfile.lock RUBY VERSION 3.3.6",
        "ruby-gemfile,       ruby,   3.2.4,  Gemfile ruby 3.2.4",
        "python-runtime-txt, python, 3.11.9, runtime.txt 3.11.9",
        "maven,              java,   17,     java.runtime.version 17",
        "maven-wrapper,      java,   8,      java.runtime.version 8",
        "maven-wrapper,      maven,  3.8.8,  maven-wrapper distributionUrl 3.8.8",
        "sbt,                sbt,    1.10.6, sbt.version 1.10.6",
        "go-toolchain,       go,     1.24.3, go.mod toolchain 1.24.3",
    })
    void exactVersionsFromRealWorldLayouts(String fixture, String runtime, String version, String origin) {
        String platform = new Detector(catalog)
                .detect(AppDir.open(Fixtures.APPS.resolve(fixture)))
                .platform()
                .name();
        ResolvedRuntime r = resolve(Fixtures.APPS.resolve(fixture), platform).get(runtime);
        assertEquals(version, r.version());
        assertEquals(origin, r.origin());
    }

    @Test
    void partialVersionsResolveToTheNewestPatch() {
        assertEquals(
                newest("python", "3.12."),
                resolve(Fixtures.APPS.resolve("django"), "python").get("python").version());
        assertEquals(
                newest("go", "1.22."),
                resolve(Fixtures.APPS.resolve("go-module"), "go").get("go").version());
        assertEquals(
                newest("php", "8.4."),
                resolve(Fixtures.APPS.resolve("composer"), "php").get("php").version());
    }

    @Test
    void composerConstraintsUseComposerSyntax() {
        Path app = Fixtures.app(scratch, "composer.json", "{\"require\": {\"php\": \">=8.1, <8.3\"}}");
        assertEquals(newest("php", "8.2."), resolve(app, "php").get("php").version());
        Path either = Fixtures.app(scratch, "composer.json", "{\"require\": {\"php\": \"~8.1.0 | ~8.2.0\"}}");
        assertEquals(newest("php", "8.2."), resolve(either, "php").get("php").version());
    }

    @Test
    void bundlerPessimisticOperatorIsUnderstood() {
        Path app = Fixtures.app(scratch, "Gemfile", "source \"https://rubygems.org\"\nruby \"~> 3.2.0\"\n");
        assertEquals(newest("ruby", "3.2."), resolve(app, "ruby").get("ruby").version());
        // two parts: any later minor release of 3, as Bundler means it (npm's ~3.3 would stop at 3.3)
        Path twoParts = Fixtures.app(scratch, "Gemfile", "ruby \"~> 3.3\"\n");
        assertEquals(newest("ruby", "3."), resolve(twoParts, "ruby").get("ruby").version());
    }

    @Test
    void composerTwoPartTildeAllowsLaterMinors() {
        Path app = Fixtures.app(scratch, "composer.json", "{\"require\": {\"php\": \"~8.2\"}}");
        assertEquals(newest("php", "8."), resolve(app, "php").get("php").version());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @CsvSource(
            delimiter = ';',
            value = {">=", "^", "~", "||", "x.1", "1..2", "--", ">=20 <", "20 ||| 22", "9999999999999999999", "20 || "})
    void malformedRangesAreRefusedNotGuessed(String range) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> node(range));
        assertTrue(e.getMessage().endsWith("is not a version or version range"), e.getMessage());
    }

    @Test
    void aVersionFileThatHoldsNoVersionIsAnError() {
        Path app = Fixtures.app(scratch, "requirements.txt", "flask\n", ".python-version", "# pinned\nsystem\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "python"));
        assertEquals(".python-version:2: does not hold a version", e.getMessage());
        Path bare = Fixtures.app(scratch, "requirements.txt", "flask\n", "runtime.txt", "3.12.4\n");
        assertEquals(
                "runtime.txt:1: does not hold a version",
                assertThrows(SlugbuilderException.class, () -> resolve(bare, "python"))
                        .getMessage());
    }

    @Test
    void pythonSourcesFollowHerokusOrder() {
        Path app = Fixtures.app(
                scratch, "requirements.txt", "", "runtime.txt", "python-3.11.9\n", ".python-version", "3.12\n");
        assertEquals("3.11.9", resolve(app, "python").get("python").version(), "runtime.txt wins, as on Heroku");
        Path pipenv = Fixtures.app(
                scratch, "Pipfile", "", "Pipfile.lock", "{\"_meta\": {\"requires\": {\"python_version\": \"3.12\"}}}");
        assertEquals(
                newest("python", "3.12."),
                resolve(pipenv, "python").get("python").version());
    }

    @Test
    void packageJsonMustBeAnObject() {
        Path app = Fixtures.app(scratch, "package.json", "\"just a string\"");
        assertEquals(
                "package.json: is not a JSON object",
                assertThrows(SlugbuilderException.class, () -> resolve(app, "node"))
                        .getMessage());
        Path two = Fixtures.app(scratch, "package.json", "{} {}");
        assertEquals(
                "package.json:1: invalid JSON: more text after the end of the top-level value",
                assertThrows(SlugbuilderException.class, () -> resolve(two, "node"))
                        .getMessage());
        Path empty = Fixtures.app(scratch, "package.json", "\n");
        assertEquals(
                "package.json: is empty",
                assertThrows(SlugbuilderException.class, () -> resolve(empty, "node"))
                        .getMessage());
    }

    /** Ranges semver4j gets wrong on its own: checked against the inventory by plain numeric comparison. */
    @Test
    void caretZeroAndWildcardsMeanWhatTheyMeanInNpm() {
        assertEquals(newest("node", "0."), node("^0").version(), "^0 is below 1.0.0");
        assertEquals(newest("node", "0."), node("^0.x").version());
        assertEquals(newest("node", "0."), node("^ 0.x.x").version());
        String newestOfAll = catalog.inventory("node").versions().stream()
                .max(Comparator.comparing(RuntimeResolverTest::numeric))
                .orElseThrow();
        assertEquals(newestOfAll, node("x").version(), "x is any version");
        assertEquals(newestOfAll, node("*.*.*").version());
        assertEquals(newest("node", "20."), node("x 20").version());
        assertEquals(newest("node", "20."), node("^0.0 || 20.x").version(), "no 0.0.x release: the other alternative");
        assertEquals("^20 >=20.1", VersionRange.aroundSemver4jQuirks("^20 >= 20.1"));
        assertEquals("1.2.3 - 2", VersionRange.aroundSemver4jQuirks("1.2.3 - 2"));
        assertEquals("20 || ", VersionRange.aroundSemver4jQuirks("20 || "), "left for check() to refuse");
    }

    @Test
    void jsonErrorsDoNotNameJacksonsSettings() {
        Path comment = Fixtures.app(scratch, "package.json", "{\n  // x\n}");
        assertEquals(
                "package.json:2: invalid JSON: comments are not allowed in JSON",
                assertThrows(SlugbuilderException.class, () -> resolve(comment, "node"))
                        .getMessage());
        Path nan = Fixtures.app(scratch, "package.json", "{\"a\": NaN}");
        assertEquals(
                "package.json:1: invalid JSON: Non-standard token 'NaN': not allowed in JSON",
                assertThrows(SlugbuilderException.class, () -> resolve(nan, "node"))
                        .getMessage());
        Path deep = Fixtures.app(scratch, "package.json", "{\"a\": " + "[".repeat(1100) + "]".repeat(1100) + "}");
        String message = assertThrows(SlugbuilderException.class, () -> resolve(deep, "node"))
                .getMessage();
        assertFalse(message.contains("`") || message.contains("StreamReadConstraints"), message);
    }

    @Test
    void aVersionsParentMustBeAnObject() {
        Path app = Fixtures.app(scratch, "package.json", "{\n  \"name\": \"x\",\n  \"engines\": \"20.x\"\n}\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "node"));
        assertEquals("package.json:3: engines must be an object, not string", e.getMessage());
        // PHP writes an empty object as []: that is no version, not an error
        Path php = Fixtures.app(scratch, "composer.json", "{\"require\": []}");
        assertEquals("default 8.4.x", resolve(php, "php").get("php").origin());
    }

    @Test
    void aWrittenVersionIsQuotedPrintably() {
        Path app = Fixtures.app(scratch, "package.json", "{}", ".nvmrc", "2\u00070\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "node"));
        assertEquals(".nvmrc:1: node version \"2\\u00070\" is not a version or version range", e.getMessage());
    }

    @Test
    void javaVersionsMustBeRealFeatureReleases() {
        for (String bad : List.of("1.7", "0", "9")) {
            Path app = Fixtures.app(
                    scratch, "pom.xml", "<project/>", "system.properties", "java.runtime.version=" + bad + "\n");
            assertThrows(SlugbuilderException.class, () -> resolve(app, "java"), bad);
        }
    }

    @Test
    void systemPropertiesSpellings() {
        for (Map.Entry<String, String> c : Map.of(
                        "java.runtime.version=zulu-21",
                        "21",
                        "java.runtime.version = 11",
                        "11",
                        "java.runtime.version=17.0.2",
                        "17",
                        "java.runtime.version=1.8",
                        "8")
                .entrySet()) {
            Path app = Fixtures.app(scratch, "pom.xml", "<project/>", "system.properties", c.getKey() + "\n");
            assertEquals(c.getValue(), resolve(app, "java").get("java").version(), c.getKey());
        }
    }

    @Test
    void aVersionThatIsNotOneNamesTheLine() {
        Path app = Fixtures.app(
                scratch, "pom.xml", "<project/>", "system.properties", "# JDK\njava.runtime.version=latest\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> resolve(app, "java"));
        assertEquals("system.properties:2: java.runtime.version \"latest\" is not a Java version", e.getMessage());
        assertEquals("write a version such as java.runtime.version=25", e.hint());
    }

    @Test
    void goHerokuCommentWinsOverTheGoLine() {
        Path app = Fixtures.app(scratch, "go.mod", "// +heroku goVersion go1.23\nmodule x\n\ngo 1.22\n");
        ResolvedRuntime r = resolve(app, "go").get("go");
        assertEquals(newest("go", "1.23."), r.version());
        assertEquals("go.mod +heroku goVersion 1.23", r.origin());
    }

    @Test
    void everyPlatformDefaultResolves() {
        Path empty = Fixtures.app(scratch);
        for (Platform platform : catalog.inOrder()) {
            List<ResolvedRuntime> runtimes = resolver.resolve(AppDir.open(empty), platform);
            assertEquals(platform.runtimes().size(), runtimes.size(), platform.name());
            runtimes.forEach(r -> assertTrue(r.origin().startsWith("default"), r.toString()));
        }
    }
}
