package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.detect.Platform;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.support.CliRun;
import slugbuilder.support.Fixtures;

/** {@code init --platforms DIR} and {@code init --list}: a team's platforms through the real CLI, in-process. */
class InitTeamPlatformsTest {
    static final Path TEAM = Fixtures.ROOT.resolve("platforms");
    static final Path PERL_APP = Fixtures.ROOT.resolve("team-apps").resolve("perl");

    @TempDir
    Path scratch;

    private Path perlApp() throws IOException {
        Path app = Files.createDirectories(scratch.resolve("perl"));
        for (String name : List.of("app.pl", "Procfile")) {
            Files.copy(PERL_APP.resolve(name), app.resolve(name));
        }
        return app;
    }

    private Path dir(String name, String... namesAndContents) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve(name));
        for (int i = 0; i < namesAndContents.length; i += 2) {
            Path file = dir.resolve(namesAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, namesAndContents[i + 1], StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static String platformJson(String name, String detectFile, String template) {
        return "{\n  \"name\": \"" + name + "\",\n  \"title\": \"" + name + "\",\n  \"detect\": {\"files\": [\""
                + detectFile + "\"]},\n" + "  \"template\": \"" + template + "\",\n  \"process\": \"bin/web\"\n}\n";
    }

    @Test
    void aTeamPlatformIsDetectedAndRendersADockerfileOfTheDynoShape() throws IOException {
        Path app = perlApp();
        CliRun run = CliRun.of(
                "init", "--platforms", TEAM.toString(), "--stack", "slugbuilder/stack:bookworm-build", app.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                "Wrote Dockerfile (perl, stack slugbuilder/stack:bookworm-build)",
                run.out().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("note: detected perl from app.pl"), run.err());

        String dockerfile = Files.readString(app.resolve("Dockerfile"));
        assertEquals(
                "slugbuilder/stack:bookworm-build",
                AppDockerfile.read(AppDir.open(app)).stack());
        assertTrue(
                dockerfile.contains("useradd --no-create-home --home-dir /app --shell /bin/bash --user-group app"),
                dockerfile);
        assertTrue(dockerfile.contains("\nUSER app\nENV HOME=/app PORT=5006\nWORKDIR /app/src\n"), dockerfile);
        assertTrue(dockerfile.contains("\nONBUILD COPY --chown=app:app . /app/src/\n"), dockerfile);
        assertTrue(
                dockerfile.contains("cp .profile /app/.profile"),
                "the built-in partial _app_profile_cmd: " + dockerfile);
        assertTrue(dockerfile.contains("> /app/.profile.d/perl.sh"), dockerfile);
    }

    @Test
    void listShowsTheTeamsPlatformsFirstAndWhereEachCameFrom() {
        CliRun run = CliRun.of("init", "--list", "--platforms", TEAM.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("perl     " + TEAM.resolve("perl.json"), lines.get(0));
        List<String> builtIn =
                PlatformCatalog.builtIn().inOrder().stream().map(Platform::name).toList();
        assertEquals(builtIn.size() + 1, lines.size(), run.out());
        for (int i = 0; i < builtIn.size(); i++) {
            assertTrue(
                    lines.get(i + 1).matches(builtIn.get(i) + " +built-in( \\(only with --template\\))?"),
                    lines.get(i + 1));
        }
        assertTrue(lines.get(lines.size() - 1).endsWith("minimal  built-in (only with --template)"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void listWithoutATeamDirectoryIsTheBuiltInOrder() {
        CliRun run = CliRun.of("init", "--list");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                PlatformCatalog.builtIn().inOrder().stream().map(Platform::name).toList(),
                run.out().lines().map(l -> l.split(" +")[0]).toList());
    }

    @Test
    void aTeamPlatformOfABuiltInNameReplacesItAndMovesFirst() throws IOException {
        Path team = dir("team", "static.json", platformJson("static", "site.yml", "static"));
        CliRun list = CliRun.of("init", "--list", "--platforms", team.toString());
        List<String> names = list.out().lines().map(l -> l.split(" +")[0]).toList();
        assertEquals("static", names.get(0), list.out());
        assertEquals(1, names.stream().filter("static"::equals).count(), list.out());

        Path app = dir("site", "site.yml", "x: 1\n", "index.html", "<p>hi</p>\n");
        CliRun run = CliRun.of("init", "--platforms", team.toString(), app.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("note: detected static from site.yml"), run.err());
        assertTrue(
                Files.readString(app.resolve("Dockerfile")).contains("/app/.profile.d/static.sh"),
                "the built-in template");
    }

    @Test
    void anEarlierDirectoryWinsOverALaterOne() throws IOException {
        Path first = dir("first", "tool.json", platformJson("tool", "first.txt", "minimal"));
        Path second = dir(
                "second",
                "tool.json",
                platformJson("tool", "second.txt", "minimal"),
                "other.json",
                platformJson("other", "other.txt", "minimal"));
        CliRun list = CliRun.of("init", "--list", "--platforms", first.toString(), "--platforms", second.toString());
        List<String> lines = list.out().lines().toList();
        assertEquals(
                List.of("tool", first.resolve("tool.json").toString()),
                List.of(lines.get(0).split(" +")));
        assertEquals(
                List.of("other", second.resolve("other.json").toString()),
                List.of(lines.get(1).split(" +")));
    }

    @Test
    void aTeamTemplateCanReplaceABuiltInPartial() throws IOException {
        Path team = dir(
                "team",
                "tool.json",
                platformJson("tool", "tool.txt", "tool"),
                "tool.Dockerfile.mustache",
                "{{> _base}}\n# tool\n{{> _onbuild_head}}\nONBUILD COPY --chown=app:app . /app/src/\n",
                "_onbuild_head.mustache",
                "\n# the team's own ONBUILD head\n");
        Path app = dir("app", "tool.txt", "x\n");
        CliRun run = CliRun.of("init", "--platforms", team.toString(), app.toString());
        assertEquals(0, run.exitCode(), run.err());
        String dockerfile = Files.readString(app.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("# the team's own ONBUILD head\n"), dockerfile);
        assertTrue(dockerfile.contains("FROM heroku/heroku:24-build\n"), dockerfile);
    }

    @Test
    void aDirectoryThatDoesNotExistIsAUsageError() {
        Path missing = scratch.resolve("nope");
        CliRun run = CliRun.of(
                "init", "--platforms", missing.toString(), perlAppQuietly().toString());
        assertEquals(ExitCode.USAGE.code, run.exitCode());
        assertEquals("error: --platforms " + missing + " is not a directory: it does not exist", run.firstErrLine());
        assertFalse(Files.exists(perlAppQuietly().resolve("Dockerfile")));
    }

    private Path perlAppQuietly() {
        Path app = scratch.resolve("perl");
        try {
            return Files.isDirectory(app) ? app : perlApp();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One malformed team file each: exit 3, one line naming the file (and the line, where there is one), nothing written. */
    @Test
    void aMalformedTeamFileIsOneLineNamingIt() throws IOException {
        record Bad(String file, String content, String firstLine) {}
        List<Bad> cases = new ArrayList<>(List.of(
                new Bad(
                        "tool.json",
                        "{\n  \"name\": \"tool\",\n  \"title\" \"x\"\n}\n",
                        ":3: invalid JSON: unexpected '\"': was expecting a colon to separate field name and value"),
                new Bad("tool.json", "{\n  \"name\": \"tool\",\n  \"detekt\": {}\n}\n", ":3: unknown field 'detekt'"),
                new Bad(
                        "tool.json",
                        "{\n  \"name\": \"tool\",\n  \"detect\": {\"files\": \"x\"}\n}\n",
                        ":3: detect.files: "),
                new Bad(
                        "tool.json",
                        "{\n  \"name\": \"tol\",\n  \"title\": \"x\"\n}\n",
                        ":2: name is \"tol\", but the file is tool.json"),
                new Bad(
                        "tool.json",
                        "{\n  \"name\": \"tool\",\n  \"title\": \"x\",\n  \"process\": \"p\"\n}\n",
                        ": template is missing"),
                new Bad(
                        "tool.json",
                        platformJson("tool", "x", "nosuch"),
                        ":5: template \"nosuch\": there is no nosuch.Dockerfile.mustache beside it, nor a built-in one"),
                new Bad(
                        "tool.json",
                        platformJson("tool", "x", "minimal")
                                .replace(
                                        "\"process\"",
                                        "\"runtimes\": [{\"name\": \"t\", \"defaultVersion\": \"1\",\n \"inventory\": \"nosuch\"}],\n  \"process\""),
                        ":7: runtimes[0].inventory \"nosuch\": there is no versions/nosuch.json beside it, nor a built-in one"),
                new Bad(
                        "tool.json",
                        platformJson("tool", "x", "minimal")
                                .replace(
                                        "\"process\"",
                                        "\"runtimes\": [{\"name\": \"t\", \"defaultVersion\": \"1\", \"pattern\": \"\\\\d+\",\n"
                                                + " \"sources\": [{\"file\": \".t\",\n \"line\": \"(unclosed\"}]}],\n  \"process\""),
                        ":8: runtimes[0].sources[0].line is not a regular expression: Unclosed group"),
                new Bad(
                        "tool.json",
                        platformJson("tool", "x", "minimal")
                                .replace("\"process\"", "\"defaultWeb\": [{\"label\": \"l\"}],\n  \"process\""),
                        ":6: defaultWeb[0].command is missing"),
                new Bad(
                        "tool.json",
                        platformJson("tool", "x", "minimal")
                                .replace(
                                        "\"process\"",
                                        "\"defaultWeb\": [{\"command\": \"c\",\n \"when\": [{\"file\": \"x\",\n \"line\": \"(unclosed\"}]}],\n  \"process\""),
                        ":8: defaultWeb[0].when[0].line is not a regular expression: Unclosed group"),
                new Bad("tool.Dockerfile.mustache", "{{> _base}}\n{{#probe}}\nunclosed\n", "")));
        for (Bad bad : cases) {
            Path team = Files.createDirectories(scratch.resolve("team-" + cases.indexOf(bad)));
            Files.writeString(
                    team.resolve("tool.json"), platformJson("tool", "tool.txt", "tool"), StandardCharsets.UTF_8);
            Files.writeString(team.resolve("tool.Dockerfile.mustache"), "{{> _base}}\n", StandardCharsets.UTF_8);
            Files.writeString(team.resolve(bad.file()), bad.content(), StandardCharsets.UTF_8);
            Path app = dir("app-" + cases.indexOf(bad), "tool.txt", "x\n");
            CliRun run = CliRun.of("init", "--platforms", team.toString(), app.toString());
            String what = bad.file() + " " + bad.content();
            assertEquals(ExitCode.BAD_INPUT.code, run.exitCode(), what + run.err());
            assertTrue(
                    run.firstErrLine().startsWith("error: " + team.resolve(bad.file()) + bad.firstLine()),
                    what + "\n" + run.err());
            assertTrue(
                    run.err().lines().count() <= 2
                            && !run.err().contains("Exception")
                            && !run.err().contains("slugbuilder.detect."),
                    run.err());
            assertFalse(Files.exists(app.resolve("Dockerfile")), what);
        }
    }

    @Test
    void aTeamTemplateNamingAValueTheModelLacksNamesTheTemplate() throws IOException {
        Path team = dir(
                "team",
                "tool.json",
                platformJson("tool", "tool.txt", "tool"),
                "tool.Dockerfile.mustache",
                "{{> _base}}\nRUN echo {{runtimes.nosuch}}\n");
        Path app = dir("app", "tool.txt", "x\n");
        CliRun run = CliRun.of("init", "--platforms", team.toString(), app.toString());
        assertEquals(ExitCode.BAD_INPUT.code, run.exitCode(), run.err());
        assertEquals(
                "error: " + team.resolve("tool.Dockerfile.mustache") + ":2: the model has no value named 'nosuch'",
                run.firstErrLine(),
                run.err());
        assertFalse(Files.exists(app.resolve("Dockerfile")));
    }

    @Test
    void aTeamRuntimeResolvesAgainstTheTeamsInventory() throws IOException {
        Path team = dir(
                "team",
                "tool.json",
                platformJson("tool", "tool.txt", "tool")
                        .replace(
                                "\"process\"",
                                "\"runtimes\": [{\"name\": \"tool\", \"title\": \"Tool\", \"inventory\": \"tool\", \"defaultVersion\": \"2.x\",\n"
                                        + " \"sources\": [{\"file\": \".tool-version\", \"line\": \"^\\\\s*v?(\\\\S+)\", \"example\": \"2\", \"whole\": true}]}],\n"
                                        + "  \"process\""),
                "tool.Dockerfile.mustache",
                "{{> _base}}\nENV TOOL_VERSION={{runtimes.tool}}\n{{> _onbuild_head}}\n",
                "versions/tool.json",
                "{\"runtime\": \"tool\", \"source\": \"test\", \"retrieved\": \"now\", \"versions\": [\"1.0.0\", \"1.4.2\", \"2.0.1\"]}\n");
        Path app = dir("app", "tool.txt", "x\n", ".tool-version", "1\n");
        CliRun run = CliRun.of("init", "--platforms", team.toString(), app.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Wrote Dockerfile (tool 1.4.2 from .tool-version"), run.out());
        assertTrue(Files.readString(app.resolve("Dockerfile")).contains("ENV TOOL_VERSION=1.4.2\n"));
    }
}
