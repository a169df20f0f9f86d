package slugbuilder.release;

import java.nio.file.Path;
import java.util.Optional;
import slugbuilder.git.Git;

/**
 * The app's current git commit, for the slug's {@code commit} and {@code commit_description}.
 * DIRTY: tracked files under the app's directory differ from HEAD (staged or not), so the slug
 * is HEAD with those changes and the description says so. Untracked files do not count: they are as likely build output as
 * forgotten sources, and {@code git status} users expect them to be ignored unless added.
 */
public record GitInfo(String commit, String description, boolean dirty) {
    /** Appended to the description of a dirty work tree. */
    public static final String DIRTY_MARKER = " (dirty)";
    /** What a release says when the work tree is dirty. */
    public static final String DIRTY_WARNING = "the slug includes uncommitted changes; its commit is HEAD with them";

    /** Empty when the directory is not a git repository (or git is missing): both fields are optional. */
    public static Optional<GitInfo> of(Path appDir) {
        return of(Git.in(appDir));
    }

    /** As {@link #of(Path)}, with GIT run in the app's directory. */
    public static Optional<GitInfo> of(Git git) {
        Optional<String> commit = git.line("rev-parse", "--verify", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        String subject = git.line("log", "-1", "--format=%s").orElse("");
        boolean dirty = git.line("--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", ".")
                .isPresent();
        return Optional.of(new GitInfo(commit.get(), dirty ? subject + DIRTY_MARKER : subject, dirty));
    }
}
