package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ImageInfo;

/** Heroku's runtime rules as container run applies them: user, command, environment, ignored instructions. */
class ContainerRuntimeTest {
    private static ImageInfo image(List<String> cmd, List<String> entrypoint) {
        return new ImageInfo("sha256:1", "", List.of(), Map.of(), cmd, entrypoint, List.of(), List.of(), false);
    }

    private static ContainerRuntime.Command command(ImageInfo image, List<String> words, HerokuYml.RunCommand run) {
        return ContainerRuntime.command(
                "web", image, words, Optional.ofNullable(run), "heroku.yml:3", "Dockerfile.web");
    }

    @Test
    void rootIsAnEmptyUserRootOrUidZeroWithOrWithoutAGroup() {
        for (String user : List.of("", "root", "0", "0:0", "root:staff")) {
            assertTrue(ContainerRuntime.isRoot(user), user);
        }
        for (String user : List.of("app", "1000", "1000:0", "rooter", "10")) {
            assertFalse(ContainerRuntime.isRoot(user), user);
        }
    }

    @Test
    void theImagesCmdRunsThroughShWithItsExecFormWordsJoinedSoPortExpands() {
        ContainerRuntime.Command exec =
                command(image(List.of("bundle", "exec", "puma", "-p", "$PORT"), List.of()), List.of(), null);
        assertEquals(List.of("/bin/sh", "-c", "bundle exec puma -p $PORT"), exec.args());
        assertEquals("the image's CMD", exec.source());

        // a shell form (whatever SHELL made of it) keeps its own string
        ContainerRuntime.Command shellForm =
                command(image(List.of("/bin/bash", "-c", "node server.js"), List.of()), List.of(), null);
        assertEquals(List.of("/bin/sh", "-c", "node server.js"), shellForm.args());
    }

    @Test
    void anEntrypointGetsTheCommandAsItsArgumentsWithoutAShell() {
        ImageInfo withEntrypoint = image(List.of("serve"), List.of("/docker-entrypoint.sh"));
        assertEquals(List.of("serve"), command(withEntrypoint, List.of(), null).args());
        ContainerRuntime.Command given = command(withEntrypoint, List.of("migrate", "--all"), null);
        assertEquals(List.of("migrate", "--all"), given.args());
        assertEquals("/docker-entrypoint.sh migrate --all", given.shown());
    }

    @Test
    void theCommandLineWinsOverHerokuYmlWhichWinsOverTheImage() {
        ImageInfo plain = image(List.of("./web"), List.of());
        HerokuYml.RunCommand run = new HerokuYml.RunCommand("bin/start --port $PORT", List.of(), null);

        ContainerRuntime.Command cli = command(plain, List.of("echo", "$PORT"), run);
        assertEquals(List.of("/bin/sh", "-c", "echo $PORT"), cli.args());
        assertEquals("the command line", cli.source());

        ContainerRuntime.Command yml = command(plain, List.of(), run);
        assertEquals(List.of("/bin/sh", "-c", "bin/start --port $PORT"), yml.args());
        assertEquals("heroku.yml:3 (run.web)", yml.source());

        HerokuYml.RunCommand exec = new HerokuYml.RunCommand(null, List.of("./worker", "--queue", "a b"), null);
        assertEquals(
                List.of("./worker", "--queue", "a b"),
                command(plain, List.of(), exec).args());
    }

    @Test
    void nothingToRunNamesTheDockerfile() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> command(image(List.of(), List.of()), List.of(), null));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(
                e.getMessage().startsWith("Dockerfile.web: the web image has neither CMD nor ENTRYPOINT"),
                e.getMessage());
    }

    @Test
    void portAndDynoAreTheRuntimesWhateverTheConfigVarsSay() {
        assertEquals(
                List.of("DATABASE_URL=postgres://x", "PORT=5006", "DYNO=web.1"),
                ContainerRuntime.env(Map.of("PORT", "80", "DATABASE_URL", "postgres://x"), 5006, "web.1"));
    }

    @Test
    void ignoredInstructionsAreWarnedAboutByLineAndABasesOnesByTheImage() {
        String dockerfile = String.join(
                "\n",
                "FROM base",
                "VOLUME /data",
                "STOPSIGNAL SIGINT",
                "SHELL [\"/bin/bash\", \"-c\"]",
                "HEALTHCHECK CMD curl -f http://localhost:$PORT/",
                "EXPOSE 8080",
                "CMD ./web");
        ImageInfo image = new ImageInfo(
                "sha256:1",
                "app",
                List.of(),
                Map.of(),
                List.of("./web"),
                List.of(),
                List.of("8080/tcp"),
                List.of("/data"),
                true);

        List<String> warnings = ContainerRuntime.warnings("web", "Dockerfile.web", dockerfile, image, 5006);

        assertEquals(5, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Dockerfile.web:2: VOLUME /data is ignored: "), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("Dockerfile.web:3: STOPSIGNAL SIGINT is ignored: "), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("Dockerfile.web:4: SHELL"), warnings.get(2));
        assertTrue(warnings.get(3).startsWith("Dockerfile.web:5: HEALTHCHECK"), warnings.get(3));
        assertTrue(warnings.get(4).contains("EXPOSEs 8080, which Heroku's runtime ignores"), warnings.get(4));

        ImageInfo inherited = new ImageInfo(
                "sha256:1",
                "app",
                List.of(),
                Map.of(),
                List.of("./web"),
                List.of(),
                List.of("5006/tcp", "53/udp"),
                List.of("/var/lib/data"),
                true);
        assertEquals(
                List.of(
                        "the worker image's base declares VOLUME /var/lib/data, ignored: Heroku's runtime mounts no volumes",
                        "the worker image's base has a HEALTHCHECK, ignored: Heroku checks only that web answers on $PORT"),
                ContainerRuntime.warnings("worker", "Dockerfile.worker", "FROM base\nCMD ./worker\n", inherited, 5006));
    }
}
