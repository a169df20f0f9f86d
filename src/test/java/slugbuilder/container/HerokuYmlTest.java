package slugbuilder.container;

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
}
