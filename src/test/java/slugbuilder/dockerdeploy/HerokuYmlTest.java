package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class HerokuYmlTest {

    @Test
    void readsBuildRunAndReleaseAsHerokuDocumentsThem() {
        HerokuYml yml = HerokuYml.parse("""
                setup:
                  addons:
                    - plan: heroku-postgresql
                build:
                  docker:
                    web: Dockerfile
                    worker: worker/Dockerfile
                  config:
                    RAILS_ENV: development
                    WORKERS: 4
                release:
                  image: worker
                  command:
                    - ./deployment-tasks.sh
                run:
                  web: bundle exec puma -C config/puma.rb
                  worker:
                    command:
                      - python
                      - myworker.py
                    image: web
                """);
        assertEquals(Map.of("web", "Dockerfile", "worker", "worker/Dockerfile"), yml.dockerfiles());
        assertEquals(List.of("web", "worker"), List.copyOf(yml.dockerfiles().keySet()), "file order");
        assertEquals(Map.of("RAILS_ENV", "development", "WORKERS", "4"), yml.buildConfig());
        assertEquals(new HerokuYml.Release("worker", List.of("./deployment-tasks.sh")), yml.release());
        assertEquals(
                new HerokuYml.RunCommand("bundle exec puma -C config/puma.rb", List.of(), null),
                yml.run().get("web"));
        assertEquals(
                new HerokuYml.RunCommand(null, List.of("python", "myworker.py"), "web"),
                yml.run().get("worker"));
        assertEquals(6, yml.lineOf("build.docker.web"));
        assertEquals(7, yml.lineOf("build.docker.worker"));
        assertEquals(7, yml.lineOf("build.docker.worker.missing"), "the nearest parent's line");
    }

    @Test
    void anEmptyFileOrOneWithoutBuildHasNoDockerfiles() {
        assertTrue(HerokuYml.parse("").dockerfiles().isEmpty());
        HerokuYml runOnly = HerokuYml.parse("run:\n  web: ./web\n");
        assertTrue(runOnly.dockerfiles().isEmpty());
        assertNull(runOnly.release());
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> HerokuYml.parse("build:\n  docker:\n    web: Dockerfile\n   worker: [unclosed\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().matches("heroku\\.yml:4: not valid YAML: .+"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotASilentReplacement() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> HerokuYml.parse("build:\n  docker:\n    web: Dockerfile\n    web: Dockerfile.web\n"));
        assertTrue(e.getMessage().startsWith("heroku.yml:4: not valid YAML: Duplicate field 'web'"), e.getMessage());
    }

    @Test
    void aSectionOfTheWrongShapeNamesTheKeysLine() {
        SlugbuilderException list = assertThrows(
                SlugbuilderException.class, () -> HerokuYml.parse("# the app\nbuild:\n  docker:\n    - Dockerfile\n"));
        assertEquals(
                "heroku.yml:3: build.docker must be a mapping of process types to Dockerfiles, not a list",
                list.getMessage());
        SlugbuilderException number =
                assertThrows(SlugbuilderException.class, () -> HerokuYml.parse("build:\n  docker:\n    web: 42\n"));
        assertEquals("heroku.yml:3: build.docker.web must be a Dockerfile's path, not a number", number.getMessage());
        SlugbuilderException topLevel = assertThrows(SlugbuilderException.class, () -> HerokuYml.parse("- build\n"));
        assertTrue(topLevel.getMessage().startsWith("heroku.yml: the file must be a mapping"), topLevel.getMessage());
    }

    @Test
    void aProcessTypeThatNoRegistryTakesIsRefusedAtItsLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> HerokuYml.parse("build:\n  docker:\n    Web: Dockerfile\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("heroku.yml:3: \"Web\" is not a process type"), e.getMessage());
    }

    @Test
    void theLongFormNamesTheDockerfileAndTheStageToBuild() {
        HerokuYml yml = HerokuYml.parse("""
                build:
                  docker:
                    web:
                      dockerfile: Dockerfile
                      target: production
                    worker: Dockerfile.worker
                """);
        assertEquals(Map.of("web", "Dockerfile", "worker", "Dockerfile.worker"), yml.dockerfiles());
        assertEquals(Map.of("web", "production"), yml.targets());
        assertEquals(5, yml.lineOf("build.docker.web.target"));
    }

    @Test
    void anUnknownKeyIsAnErrorAtItsLineWithTheKeyItMostLikelyMeant() {
        SlugbuilderException typo = assertThrows(
                SlugbuilderException.class,
                () -> HerokuYml.parse("# the app\nbuid:\n  docker:\n    web: Dockerfile\n"));
        assertEquals(ExitCode.BAD_INPUT, typo.exitCode());
        assertEquals("heroku.yml:2: unknown key \"buid\"; did you mean \"build\"?", typo.getMessage());
        assertEquals("rename it to build (heroku.yml's top level takes setup, build, release and run)", typo.hint());

        SlugbuilderException nested = assertThrows(
                SlugbuilderException.class,
                () -> HerokuYml.parse(
                        "build:\n  docker:\n    web:\n      dockerfile: Dockerfile\n      targte: prod\n"));
        assertEquals(
                "heroku.yml:5: unknown key \"targte\" in build.docker.web; did you mean \"target\"?",
                nested.getMessage());

        SlugbuilderException far = assertThrows(
                SlugbuilderException.class, () -> HerokuYml.parse("build:\n  docker: {}\n  languages:\n    - ruby\n"));
        assertEquals("heroku.yml:3: unknown key \"languages\" in build", far.getMessage());
        assertEquals("build takes docker and config: remove the key or fix its name", far.hint());

        for (String text : List.of(
                "release:\n  imgae: web\n", "run:\n  worker:\n    comand: [\"./w\"]\n", "setup:\n  adons: []\n")) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> HerokuYml.parse(text));
            assertTrue(e.getMessage().contains("did you mean"), text + " -> " + e.getMessage());
        }
    }

    @Test
    void aLongFormWithoutDockerfileNamesTheTypesLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> HerokuYml.parse("build:\n  docker:\n    web:\n      target: prod\n"));
        assertEquals("heroku.yml:3: build.docker.web has no dockerfile", e.getMessage());
    }
}
