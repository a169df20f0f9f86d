package slugbuilder.watch;

import java.util.List;
import java.util.Optional;
import slugbuilder.dockerignore.DockerIgnore;

/**
 * Which {@link ChangeKind} a changed file is, by its path relative to the app: the rules' files
 * first (the Dockerfile, .env, Procfile, app.json, .dockerignore) after an editor's own files
 * (swap, lock and backup files: nothing to do), then what the build context
 * leaves out ({@code .git}, what {@code .dockerignore} lists: nothing to do), then the dependency
 * manifests the base image's ONBUILD steps copy first; anything else is source.
 */
public final class ChangeClassifier {
    private static final String GIT = ".git";

    private final DockerIgnore fullRebuild;
    private final DockerIgnore config;
    private final DockerIgnore imageRebuild;
    private final DockerIgnore manifests;
    private final DockerIgnore editorFiles;
    private final DockerIgnore ignore;
    private final boolean sourcesNeedBuild;

    /**
     * @param ignore           the app's .dockerignore
     * @param copies           what the base image's ONBUILD steps copy
     * @param sourcesNeedBuild whether the app's platform compiles its sources in the build
     */
    public ChangeClassifier(WatchRules rules, DockerIgnore ignore, OnbuildCopies copies, boolean sourcesNeedBuild) {
        this.fullRebuild = patterns(rules.fullRebuild());
        this.config = patterns(rules.config());
        this.imageRebuild = patterns(rules.imageRebuild());
        this.manifests = patterns(copies.manifests());
        this.editorFiles = patterns(rules.editorFiles());
        this.ignore = ignore;
        this.sourcesNeedBuild = sourcesNeedBuild;
    }

    private static DockerIgnore patterns(List<String> globs) {
        // .dockerignore's matcher: Go globs from the app's root, a directory's pattern taking what is under it
        return DockerIgnore.parse(String.join("\n", globs));
    }

    /** The kind of change to PATH ('/'-separated, relative to the app); empty for a file nothing depends on. */
    public Optional<ChangeKind> classify(String path) {
        if (isGit(path) || editorFiles.excludes(path)) {
            return Optional.empty();
        }
        if (fullRebuild.excludes(path)) {
            return Optional.of(ChangeKind.FULL);
        }
        if (config.excludes(path)) {
            return Optional.of(ChangeKind.CONFIG);
        }
        if (imageRebuild.excludes(path)) {
            return Optional.of(ChangeKind.IMAGE);
        }
        if (ignore.excludes(path)) {
            return Optional.empty();
        }
        if (manifests.excludes(path) || sourcesNeedBuild) {
            return Optional.of(ChangeKind.IMAGE);
        }
        return Optional.of(ChangeKind.SOURCE);
    }

    /** Whether the watcher looks into the directory DIR: not .git, nor one the build context leaves out whole. */
    public boolean watches(String dir) {
        return !isGit(dir) && ignore.mustWalk(dir);
    }

    private static boolean isGit(String path) {
        return path.equals(GIT) || path.startsWith(GIT + "/");
    }
}
