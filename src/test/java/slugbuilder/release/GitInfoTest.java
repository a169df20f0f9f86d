package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.git.Git;
import slugbuilder.support.Fixtures;

/** The release's commit and description, from a real temporary git repository. */
class GitInfoTest {
    @TempDir
    Path repo;

    private String head;

    @BeforeEach
    void commitAnApp() throws IOException {
        git("init", "-q");
        Files.writeString(repo.resolve("index.js"), "console.log(1)\n", StandardCharsets.UTF_8);
        Files.createDirectories(repo.resolve("web"));
        Files.writeString(repo.resolve("web/Procfile"), "web: node index.js\n", StandardCharsets.UTF_8);
        git("add", ".");
        git("commit", "-q", "-m", "Ship the sample");
        head = git("rev-parse", "HEAD").strip();
    }

    private String git(String... args) throws IOException {
        return Fixtures.git(repo, args);
    }

    @Test
    void aCleanTreeGivesHeadAndItsSubject() {
        assertEquals(Optional.of(new GitInfo(head, "Ship the sample", false)), GitInfo.of(repo));
    }

    @Test
    void aModifiedTrackedFileMarksTheDescriptionDirty() throws IOException {
        Files.writeString(repo.resolve("index.js"), "console.log(2)\n", StandardCharsets.UTF_8);
        GitInfo info = GitInfo.of(repo).orElseThrow();
        assertEquals(head, info.commit(), "the commit stays HEAD's");
        assertTrue(info.dirty());
        assertEquals("Ship the sample" + GitInfo.DIRTY_MARKER, info.description());
    }

    @Test
    void aStagedChangeIsDirtyToo() throws IOException {
        Files.writeString(repo.resolve("added.js"), "x\n", StandardCharsets.UTF_8);
        git("add", "added.js");
        assertTrue(GitInfo.of(repo).orElseThrow().dirty());
    }

    @Test
    void aDeletedTrackedFileIsDirty() throws IOException {
        Files.delete(repo.resolve("index.js"));
        assertTrue(GitInfo.of(repo).orElseThrow().dirty());
    }

    @Test
    void untrackedFilesDoNotCount() throws IOException {
        Files.writeString(repo.resolve("build-output.log"), "x\n", StandardCharsets.UTF_8);
        GitInfo info = GitInfo.of(repo).orElseThrow();
        assertFalse(info.dirty());
        assertEquals("Ship the sample", info.description());
    }

    @Test
    void onlyChangesUnderTheAppDirectoryCount() throws IOException {
        Files.writeString(repo.resolve("index.js"), "console.log(2)\n", StandardCharsets.UTF_8);
        assertFalse(GitInfo.of(repo.resolve("web")).orElseThrow().dirty(), "a change outside web/ is not in its slug");
        Files.writeString(repo.resolve("web/Procfile"), "web: node other.js\n", StandardCharsets.UTF_8);
        assertTrue(GitInfo.of(repo.resolve("web")).orElseThrow().dirty());
    }

    @Test
    void noRepositoryOrNoGitGivesNothing(@TempDir Path plain) {
        assertEquals(Optional.empty(), GitInfo.of(plain));
        assertEquals(Optional.empty(), GitInfo.of(new Git("slugbuilder-test-no-such-git", repo)));
    }
}
