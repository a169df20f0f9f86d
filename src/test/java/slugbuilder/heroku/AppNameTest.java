package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.git.Git;
import slugbuilder.support.Fixtures;

/** -a, HEROKU_APP, then the git remote heroku, as the Heroku CLI chooses the app. */
class AppNameTest {
    @TempDir
    Path dir;

    /** A real repository in app/ whose .git/config gets CONFIG appended, as git itself reads it. */
    private Path repo(String config) throws IOException {
        Path app = Files.createDirectories(dir.resolve("app"));
        Fixtures.git(app, "init", "-q");
        Files.writeString(app.resolve(".git/config"), config, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return app;
    }

    private static String remote(String name, String url) {
        return "[remote \"" + name + "\"]\n\turl = " + url + "\n\tfetch = +refs/heads/*:refs/remotes/" + name + "/*\n";
    }

    private static final String CORE = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n";

    @ParameterizedTest
    @CsvSource({
        "https://git.heroku.com/myapp.git, myapp",
        "https://git.heroku.com/myapp, myapp",
        "https://git.heroku.com/my-app-42.git/, my-app-42",
        "https://heroku:secret@git.heroku.com/myapp.git, myapp",
        "HTTPS://GIT.HEROKU.COM/MyApp.git, myapp",
        "git@heroku.com:myapp.git, myapp",
        "git@heroku.com:myapp, myapp",
        "ssh://git@heroku.com/myapp.git, myapp",
        "ssh://git@heroku.com:22/myapp.git, myapp",
    })
    void herokuGitUrls(String url, String app) {
        assertEquals(Optional.of(app), AppName.fromGitUrl(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/me/myapp.git",
                "git@github.com:me/myapp.git",
                "https://git.heroku.com.evil.example/myapp.git",
                "https://git.heroku.com/org/myapp.git",
                "https://evil.example/git.heroku.com/myapp.git",
                "/srv/git/myapp.git",
                ""
            })
    void otherUrlsAreNotHerokuApps(String url) {
        assertEquals(Optional.empty(), AppName.fromGitUrl(url));
    }

    @Test
    void optionWinsOverEverything() throws IOException {
        Path app = repo(remote("heroku", "https://git.heroku.com/from-git.git"));
        AppName name = AppName.resolve("from-flag", Map.of("HEROKU_APP", "from-env"), app);
        assertEquals(new AppName("from-flag", "-a"), name);
    }

    @Test
    void environmentWinsOverGit() throws IOException {
        Path app = repo(remote("heroku", "https://git.heroku.com/from-git.git"));
        assertEquals(
                new AppName("from-env", "HEROKU_APP"), AppName.resolve(null, Map.of("HEROKU_APP", "from-env"), app));
    }

    @Test
    void herokuRemoteOfTheAppDirectory() throws IOException {
        Path app = repo(CORE + remote("origin", "git@github.com:me/myapp.git")
                + remote("staging", "https://git.heroku.com/myapp-staging.git")
                + remote("heroku", "https://git.heroku.com/myapp-prod.git") + "[branch \"main\"]\n\tremote = origin\n");
        assertEquals(new AppName("myapp-prod", "git remote heroku"), AppName.resolve(null, Map.of(), app));
    }

    @Test
    void repositoryAboveTheAppDirectory() throws IOException {
        Path app = repo(remote("heroku", "git@heroku.com:monorepo-app.git"));
        Path sub = Files.createDirectories(app.resolve("services/web"));
        assertEquals("monorepo-app", AppName.resolve(null, Map.of(), sub).name());
    }

    @Test
    void worktreeSharesTheMainRepositorysRemotes() throws IOException {
        Path main = repo(remote("heroku", "https://git.heroku.com/shared-config.git"));
        Fixtures.git(main, "commit", "-q", "--allow-empty", "-m", "first");
        Fixtures.git(main, "worktree", "add", "-q", dir.resolve("feature").toString());
        assertEquals(
                "shared-config",
                AppName.resolve(null, Map.of(), dir.resolve("feature")).name());
    }

    @Test
    void withoutGitTheNameComesFromTheOptionOrTheEnvironment() throws IOException {
        Path app = repo(remote("heroku", "https://git.heroku.com/from-git.git"));
        Git missing = new Git("slugbuilder-test-no-such-git", app);
        assertEquals(new AppName("from-flag", "-a"), AppName.resolve("from-flag", Map.of(), app, missing));
        assertEquals(
                new AppName("from-env", "HEROKU_APP"),
                AppName.resolve(null, Map.of("HEROKU_APP", "from-env"), app, missing));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> AppName.resolve(null, Map.of(), app, missing));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("no Heroku app given"), e.getMessage());
        assertTrue(e.hint().startsWith("pass -a APP"), e.hint());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "my-app-42",
                "a-2",
                "abcdefghijklmnopqrstuvwxyz0123",
                "01234567-89ab-cdef-0123-456789abcdef"
            })
    void namesAndIdsHerokuAccepts(String name) {
        assertEquals(name, AppName.resolve(name, Map.of(), dir).name());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bad App!",
                "ab",
                "abcdefghijklmnopqrstuvwxyz01234",
                "1app",
                "-app",
                "app-",
                "my_app",
                "my.app",
                "\u00e4pp-name"
            })
    void namesHerokuWouldRefuseAreAUsageErrorSayingTheRule(String name) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve(name, Map.of(), dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid app name \"" + name + "\" (from -a): " + AppName.RULE, e.getMessage());
        assertTrue(AppName.RULE.contains("3 to 30"), AppName.RULE);
    }

    @Test
    void anUppercaseNameIsRefusedWithItsLowercaseForm() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppName.resolve(null, Map.of("HEROKU_APP", "MyApp"), dir));
        assertEquals("invalid app name \"MyApp\" (from HEROKU_APP): " + AppName.RULE, e.getMessage());
        assertEquals("app names are lowercase: -a myapp", e.hint());
    }

    @Test
    void aGitRemotesAppIsCheckedToo() throws IOException {
        Path app = repo(remote("heroku", "https://git.heroku.com/9lives.git"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve(null, Map.of(), app));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid app name \"9lives\" (from git remote heroku)"), e.getMessage());
    }

    @Test
    void theOnlyHerokuRemoteUnderAnotherName() throws IOException {
        Path app = repo(remote("origin", "git@github.com:me/x.git")
                + remote("production", "https://git.heroku.com/prod-app.git"));
        assertEquals(new AppName("prod-app", "git remote production"), AppName.resolve(null, Map.of(), app));
    }

    @Test
    void severalHerokuRemotesWithoutOneNamedHerokuAsksForTheApp() throws IOException {
        Path app = repo(remote("staging", "https://git.heroku.com/a-staging.git")
                + remote("prod", "git@heroku.com:a-prod.git"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve(null, Map.of(), app));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("staging (a-staging), prod (a-prod)"), e.getMessage());
        assertTrue(e.hint().contains("-a APP"));
    }

    @Test
    void herokuRemoteThatIsNotHerokuIsAnErrorWithoutItsCredentials() throws IOException {
        Path app = repo(remote("heroku", "https://user:hunter2@example.com/myapp.git"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve(null, Map.of(), app));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("https://example.com/myapp.git"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertTrue(e.hint().contains("-a APP"));
    }

    @Test
    void nothingGivenIsAUsageErrorWithTheHint() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve(null, Map.of(), dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("no Heroku app given"), e.getMessage());
        assertTrue(e.hint().startsWith("pass -a APP"), e.hint());
    }

    @Test
    void blankOptionIsAUsageError() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppName.resolve("  ", Map.of(), dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void blankEnvironmentFallsThroughToGit() throws IOException {
        Path app = repo(remote("heroku", "https://git.heroku.com/gitapp.git"));
        assertEquals(
                "gitapp", AppName.resolve(null, Map.of("HEROKU_APP", " "), app).name());
    }

    @Test
    void gitConfigSyntaxAsGitReadsIt() throws IOException {
        String config = "; comment\n# another\n[core]\n\tbare = false\n"
                + "[Remote \"heroku\"] url = \"https://git.heroku.com/quoted.git\" ; trailing comment\n"
                + "[remote \"Heroku\"]\n\tURL = git@heroku.com:case-sensitive-name.git\n"
                + "[remote.old]\n\turl = https://git.heroku.com/old-style.git\n"
                + "[remote \"cont\"]\n\turl = https://git.heroku.com/\\\ncontinued.git   \n"
                + "[remote \"dup\"]\n\turl = git@heroku.com:first.git\n\turl = git@heroku.com:second.git\n"
                + "[remote \"esc\\\"aped\"]\n\turl = x # not part\n";
        Map<String, String> urls = GitRemotes.urls(Git.in(repo(config)));
        assertEquals("https://git.heroku.com/quoted.git", urls.get("heroku"));
        assertEquals("git@heroku.com:case-sensitive-name.git", urls.get("Heroku"));
        assertEquals("https://git.heroku.com/old-style.git", urls.get("old"));
        assertEquals("https://git.heroku.com/continued.git", urls.get("cont"));
        assertEquals("git@heroku.com:first.git", urls.get("dup"));
        assertEquals("x", urls.get("esc\"aped"));
    }

    @Test
    void remoteNamesMayHoldDots() {
        Map<String, String> urls = GitRemotes.parse("remote.my.fork.url\nhttps://git.heroku.com/a.git\0"
                + "remote.heroku.url\ngit@heroku.com:b.git\0remote.heroku.url\ngit@heroku.com:c.git\0");
        assertEquals(Map.of("my.fork", "https://git.heroku.com/a.git", "heroku", "git@heroku.com:b.git"), urls);
    }

    @Test
    void notARepositoryHasNoRemotes() {
        assertEquals(Map.of(), GitRemotes.urls(Git.in(dir)));
    }
}
