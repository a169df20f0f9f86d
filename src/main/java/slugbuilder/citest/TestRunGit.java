package slugbuilder.citest;

import java.nio.file.Path;
import slugbuilder.git.Git;

/**
 * What Heroku CI says of the commit under test: HEROKU_TEST_RUN_COMMIT_VERSION (the commit) and
 * HEROKU_TEST_RUN_BRANCH. Both null when the app is not a git repository (or git is missing);
 * the branch is null on a detached HEAD.
 */
public record TestRunGit(String commit, String branch) {
    public static TestRunGit of(Path appDir) {
        return of(Git.in(appDir));
    }

    static TestRunGit of(Git git) {
        String commit = git.line("rev-parse", "--verify", "HEAD").orElse(null);
        if (commit == null) {
            return new TestRunGit(null, null);
        }
        String branch = git.line("symbolic-ref", "--short", "-q", "HEAD").orElse(null);
        return new TestRunGit(commit, branch);
    }
}
