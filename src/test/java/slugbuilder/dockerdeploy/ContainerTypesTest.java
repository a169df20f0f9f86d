package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.dockerdeploy.ContainerTypes.TypeBuild;

class ContainerTypesTest {
    @TempDir
    Path root;

    private void file(String name) throws IOException {
        Path path = root.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "FROM scratch\n", StandardCharsets.UTF_8);
    }

    private List<TypeBuild> resolve(boolean recursive, String... types) {
        AppDir app = AppDir.open(root);
        return ContainerTypes.resolve(app, List.of(types), recursive, HerokuYml.read(app));
    }

    private SlugbuilderException failure(boolean recursive, String... types) {
        return assertThrows(SlugbuilderException.class, () -> resolve(recursive, types));
    }

    @Test
    void oneNamedTypeBuildsDockerfileUnlessItHasItsOwn() throws IOException {
        file("Dockerfile");
        assertEquals(List.of(new TypeBuild("web", "Dockerfile", "Dockerfile")), resolve(false, "web"));
        file("Dockerfile.web");
        assertEquals(List.of(new TypeBuild("web", "Dockerfile.web", "Dockerfile.web")), resolve(false, "web"));
    }

    @Test
    void severalNamedTypesNeedTheirOwnDockerfiles() throws IOException {
        file("Dockerfile");
        file("Dockerfile.web");
        SlugbuilderException e = failure(false, "web", "worker");
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "no Dockerfile for process type \"worker\": looked for Dockerfile.worker in " + root.toRealPath(),
                e.getMessage());
    }

    @Test
    void aMissingTypeSaysWhatWasLookedForAndPointsAtADeeperOne() throws IOException {
        file("jobs/Dockerfile.worker");
        SlugbuilderException e = failure(false, "worker");
        assertEquals(
                "no Dockerfile for process type \"worker\": looked for Dockerfile.worker or Dockerfile in "
                        + root.toRealPath(),
                e.getMessage());
        assertEquals("add --recursive to build jobs/Dockerfile.worker", e.hint());
    }

    @Test
    void noTypeWithoutRecursiveIsAUsageError() {
        assertEquals(ExitCode.USAGE, failure(false).exitCode());
    }

    @Test
    void recursiveFindsEveryTypeAndTheClosestWins() throws IOException {
        file("Dockerfile.web");
        file("deep/er/Dockerfile.web");
        file("jobs/Dockerfile.worker");
        file("jobs/Dockerfile.worker.bak");
        file("Dockerfile.dockerignore");
        file(".git/Dockerfile.hidden");
        file("Dockerfile.Upper");
        assertEquals(
                List.of(
                        new TypeBuild("web", "Dockerfile.web", "--recursive"),
                        new TypeBuild("worker", "jobs/Dockerfile.worker", "--recursive")),
                resolve(true));
        assertEquals(
                List.of(new TypeBuild("worker", "jobs/Dockerfile.worker", "--recursive")), resolve(true, "worker"));
    }

    @Test
    void twoEquallyCloseDockerfilesForOneTypeAreAnErrorNamingBoth() throws IOException {
        file("a/Dockerfile.web");
        file("b/Dockerfile.web");
        file("c/d/Dockerfile.web");
        SlugbuilderException e = failure(true);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "process type \"web\" has two equally close Dockerfiles: a/Dockerfile.web and b/Dockerfile.web",
                e.getMessage());
    }

    @Test
    void aNamedTypeMissingBelowTheAppListsTheTypesThatAreThere() throws IOException {
        file("Dockerfile.web");
        SlugbuilderException e = failure(true, "web", "clock");
        assertEquals(
                "no Dockerfile for process type \"clock\": looked for Dockerfile.clock in " + root.toRealPath()
                        + " and below",
                e.getMessage());
        assertEquals("add Dockerfile.clock, or push one of: web", e.hint());
    }

    @Test
    void herokuYmlDecidesWhenItMapsTypes() throws IOException {
        file("Dockerfile.web");
        file("images/app.Dockerfile");
        Files.writeString(
                root.resolve("heroku.yml"),
                "build:\n  docker:\n    web: ./images/app.Dockerfile\n",
                StandardCharsets.UTF_8);
        assertEquals(List.of(new TypeBuild("web", "images/app.Dockerfile", "heroku.yml:3")), resolve(true));
        SlugbuilderException unknown = failure(false, "worker");
        assertEquals("heroku.yml:2: build.docker has no process type \"worker\"; it builds web", unknown.getMessage());
    }

    @Test
    void aHerokuYmlDockerfileThatIsNotThereNamesItsLine() throws IOException {
        Files.writeString(
                root.resolve("heroku.yml"),
                "build:\n  docker:\n    web: Dockerfile.web\n    worker: ../elsewhere/Dockerfile\n",
                StandardCharsets.UTF_8);
        assertEquals(
                "heroku.yml:3: build.docker.web: Dockerfile.web does not exist",
                failure(false, "web").getMessage());
        file("Dockerfile.web");
        assertEquals(
                "heroku.yml:4: build.docker.worker: ../elsewhere/Dockerfile is outside the app's directory",
                failure(false).getMessage());
        assertEquals(
                Optional.of("Dockerfile.web"),
                Optional.of(resolve(false, "web").get(0).dockerfile()));
    }

    @Test
    void aTypeNoRegistryTakesIsAUsageError() {
        SlugbuilderException e = failure(false, "Web");
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(
                "\"Web\" is not a process type: lowercase letters and digits, with . _ - between them", e.getMessage());
    }

    @Test
    void aTargetStageFromHerokuYmlIsPartOfTheTypesBuild() throws IOException {
        Files.writeString(
                root.resolve("Dockerfile"),
                "FROM node:20 AS build\nRUN make\nFROM node:20-slim AS Production\nCMD node app.js\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                root.resolve("heroku.yml"),
                "build:\n  docker:\n    web:\n      dockerfile: Dockerfile\n      target: production\n",
                StandardCharsets.UTF_8);

        assertEquals(List.of(new TypeBuild("web", "Dockerfile", "heroku.yml:3", "production")), resolve(false, "web"));
    }

    @Test
    void aTargetStageTheDockerfileDoesNotHaveIsAnErrorAtItsLine() throws IOException {
        Files.writeString(
                root.resolve("Dockerfile"),
                "FROM node:20 AS build\nFROM node:20-slim AS runtime\nCMD node app.js\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                root.resolve("heroku.yml"),
                "build:\n  docker:\n    web:\n      dockerfile: Dockerfile\n      target: prod\n",
                StandardCharsets.UTF_8);

        SlugbuilderException e = failure(false, "web");

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "heroku.yml:5: build.docker.web.target: Dockerfile has no stage \"prod\"; its stages: build, runtime",
                e.getMessage());
        assertEquals("set target to one of its stages", e.hint());
    }
}
