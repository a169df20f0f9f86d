package slugbuilder.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import slugbuilder.dockerignore.DockerIgnore;

class ChangeClassifierTest {
    private static final WatchRules RULES = WatchRules.builtIn();
    private static final DockerIgnore NODE_IGNORE =
            DockerIgnore.parse(".git\n.env\nslug.tgz\nDockerfile\n.dockerignore\nnode_modules\nnpm-debug.log*\n");
    private static final OnbuildCopies NODE = OnbuildCopies.of(List.of(
            "COPY --chown=app:app Aptfile /app/.apt/Aptfile",
            "COPY --chown=app:app package.json package-lock.json* npm-shrinkwrap.json* /app/src/",
            "COPY --chown=app:app . /app/src/"));

    private final ChangeClassifier node = new ChangeClassifier(RULES, NODE_IGNORE, NODE, false);

    @Test
    void sourceFilesAnywhereBelowTheAppAreSource() {
        assertEquals(Optional.of(ChangeKind.SOURCE), node.classify("server.js"));
        assertEquals(Optional.of(ChangeKind.SOURCE), node.classify("lib/deep/routes.js"));
        assertEquals(Optional.of(ChangeKind.SOURCE), node.classify("public/package.json")); // not the manifest
    }

    @Test
    void whatTheImageCopiesBeforeTheAppRebuildsTheAppImage() {
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify("package.json"));
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify("package-lock.json"));
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify("npm-shrinkwrap.json"));
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify("Aptfile"));
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify(".profile.d/setup.sh"));
    }

    @Test
    void configFilesRecreateTheProcessesAndTheDockerfileRebuildsEverything() {
        assertEquals(Optional.of(ChangeKind.CONFIG), node.classify(".env")); // though the build never takes it
        assertEquals(Optional.of(ChangeKind.CONFIG), node.classify("Procfile"));
        assertEquals(Optional.of(ChangeKind.CONFIG), node.classify("app.json"));
        assertEquals(Optional.of(ChangeKind.FULL), node.classify("Dockerfile")); // though .dockerignore lists it
        assertEquals(Optional.of(ChangeKind.IMAGE), node.classify(".dockerignore"));
    }

    @Test
    void gitAndWhatDockerignoreLeavesOutAreNoChange() {
        assertEquals(Optional.empty(), node.classify(".git/index"));
        assertEquals(Optional.empty(), node.classify(".git"));
        assertEquals(Optional.empty(), node.classify("node_modules/express/index.js"));
        assertEquals(Optional.empty(), node.classify("npm-debug.log.1"));
        assertEquals(Optional.empty(), node.classify("slug.tgz"));
        assertFalse(node.watches(".git"));
        assertFalse(node.watches("node_modules"));
        assertTrue(node.watches("lib"));
    }

    @Test
    void anEditorsOwnFilesAreNoChange() {
        for (String path : List.of(
                ".server.js.swp",
                "lib/.routes.js.swx",
                "4913",
                "lib/4913",
                "server.js~",
                ".#server.js",
                "lib/#routes.js#",
                "server.js___jb_tmp___",
                "lib/.DS_Store")) {
            assertEquals(Optional.empty(), node.classify(path), path);
        }
        assertEquals(Optional.of(ChangeKind.SOURCE), node.classify("lib/49130.js"));
    }

    @Test
    void aPlatformThatCompilesItsSourcesRebuildsOnASourceChange() {
        OnbuildCopies go = OnbuildCopies.of(
                List.of("COPY --chown=app:app go.mod go.sum* /app/src/", "COPY --chown=app:app . /app/src/"));
        ChangeClassifier classifier = new ChangeClassifier(RULES, DockerIgnore.parse(".git\n"), go, true);

        assertEquals(Optional.of(ChangeKind.IMAGE), classifier.classify("main.go"));
        assertEquals(Optional.of(ChangeKind.IMAGE), classifier.classify("go.sum"));
        assertEquals(Optional.of(ChangeKind.CONFIG), classifier.classify(".env"));
        assertTrue(RULES.sourcesNeedBuild().containsAll(List.of("go", "java", "gradle", "scala")));
    }

    @Test
    void aManifestDirectoryTakesWhatIsBelowIt() {
        OnbuildCopies sbt = OnbuildCopies.of(List.of(
                "COPY --chown=app:app *.sbt /app/src/",
                "COPY --chown=app:app project /app/src/project",
                "COPY --chown=app:app . /app/src/"));
        ChangeClassifier classifier = new ChangeClassifier(RULES, DockerIgnore.parse(""), sbt, false);

        assertEquals(Optional.of(ChangeKind.IMAGE), classifier.classify("build.sbt"));
        assertEquals(Optional.of(ChangeKind.IMAGE), classifier.classify("project/build.properties"));
        assertEquals(Optional.of(ChangeKind.SOURCE), classifier.classify("app/controllers/Home.scala"));
        assertEquals(Optional.of(ChangeKind.SOURCE), classifier.classify("sub/build.sbt")); // *.sbt: the root's only
    }

    @Test
    void theKindsAreOrderedByTheWorkTheyAsk() {
        assertEquals(
                List.of(ChangeKind.SOURCE, ChangeKind.CONFIG, ChangeKind.IMAGE, ChangeKind.FULL),
                List.of(ChangeKind.values()));
    }
}
