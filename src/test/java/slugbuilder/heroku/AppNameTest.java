package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** -a, HEROKU_APP, then the git remote heroku, as the Heroku CLI chooses the app. */
class AppNameTest {
    @TempDir
    Path dir;

    private Path repo(String config) throws IOException {
        Path git = Files.createDirectories(dir.resolve("app/.git"));
        Files.writeString(git.resolve("config"), config);
        return dir.resolve("app");
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
    @ValueSource(strings = {"https://github.com/me/myapp.git", "git@github.com:me/myapp.git",
            "https://git.heroku.com.evil.example/myapp.git", "https://git.heroku.com/org/myapp.git",
            "https://evil.example/git.heroku.com/myapp.git", "/srv/git/myapp.git", ""})
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
        assertEquals(new AppName("from-env", "HEROKU_APP"), AppName.resolve(null, Map.of("HEROKU_APP", "from-env"), app));
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
    void worktreeGitFileAndCommonDir() throws IOException {
        Path main = repo(remote("heroku", "https://git.heroku.com/shared-config.git"));
        Path worktreeGitDir = Files.createDirectories(main.resolve(".git/worktrees/feature"));
        Files.writeString(worktreeGitDir.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(dir.resolve("feature"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + worktreeGitDir + "\n");
        assertEquals("shared-config", AppName.resolve(null, Map.of(), worktree).name());
    }

    @Test
    void theOnlyHerokuRemoteUnderAnotherName() throws IOException {
        Path app = repo(remote("origin", "git@github.com:me/x.git") + remote("production", "https://git.heroku.com/prod-app.git"));
        assertEquals(new AppName("prod-app", "git remote production"), AppName.resolve(null, Map.of(), app));
    }

    @Test
    void severalHerokuRemotesWithoutOneNamedHerokuAsksForTheApp() throws IOException {
        Path app = repo(remote("staging", "https://git.heroku.com/a-staging.git") + remote("prod", "git@heroku.com:a-prod.git"));
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
        assertEquals("gitapp", AppName.resolve(null, Map.of("HEROKU_APP", " "), app).name());
    }

    @Test
    void gitConfigSyntax() {
        String config = "; comment\n# another\n[core]\n\tbare = false\n"
                + "[Remote \"heroku\"] url = \"https://git.heroku.com/quoted.git\" ; trailing comment\n"
                + "[remote \"Heroku\"]\n\tURL = git@heroku.com:case-sensitive-name.git\n"
                + "[remote.old]\n\turl = https://git.heroku.com/old-style.git\n"
                + "[remote \"cont\"]\n\turl = https://git.heroku.com/\\\ncontinued.git   \n"
                + "[remote \"dup\"]\n\turl = git@heroku.com:first.git\n\turl = git@heroku.com:second.git\n"
                + "[remote \"esc\\\"aped\"]\n\turl = x # not part\n";
        Map<String, String> urls = GitConfig.remoteUrls(config);
        assertEquals("https://git.heroku.com/quoted.git", urls.get("heroku"));
        assertEquals("git@heroku.com:case-sensitive-name.git", urls.get("Heroku"));
        assertEquals("https://git.heroku.com/old-style.git", urls.get("old"));
        assertEquals("https://git.heroku.com/continued.git", urls.get("cont"));
        assertEquals("git@heroku.com:first.git", urls.get("dup"));
        assertEquals("x", urls.get("esc\"aped"));
    }
}
