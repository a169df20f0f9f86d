package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warning for a Dockerfile that leaves its image the base image's command. */
class InheritedCommandTest {
    private static Optional<String> warning(String text, String target, List<String> cmd, List<String> entrypoint) {
        return InheritedCommand.warning("worker", "Dockerfile.worker", text, target, cmd, entrypoint);
    }

    @Test
    void aStackShellInheritedIsNamedWithTheFix() {
        assertEquals(
                Optional.of("Dockerfile.worker sets no CMD of its own: the worker image runs \"/bin/bash\", inherited"
                        + " from heroku/heroku:24, a shell that exits at once on a dyno (no terminal); add a CMD line,"
                        + " e.g. CMD [\"./bin/worker\"]"),
                warning(
                        "FROM --platform=linux/amd64 heroku/heroku:24\nRUN make\n",
                        null,
                        List.of("/bin/bash"),
                        List.of()));
    }

    @Test
    void anotherInheritedCommandIsNamedToo() {
        assertEquals(
                Optional.of("Dockerfile.worker sets no CMD of its own: the worker image runs \"node server.js\","
                        + " inherited from my/base; add a CMD line unless that is the command its dynos should run"),
                warning("FROM my/base\nCOPY . /app\n", null, List.of("node", "server.js"), List.of()));
    }

    @Test
    void aCmdOrEntrypointOfItsOwnOrOfAStageItStartsFromIsNoInheritance() {
        List<String> bash = List.of("/bin/bash");
        assertEquals(Optional.empty(), warning("FROM base\nCMD ./worker\n", null, List.of("./worker"), List.of()));
        assertEquals(Optional.empty(), warning("FROM base\nENTRYPOINT [\"./w\"]\n", null, List.of(), List.of("./w")));
        assertEquals(
                Optional.empty(),
                warning("FROM base AS run\nCMD ./worker\nFROM run\nRUN true\n", null, List.of("./worker"), List.of()));
        String staged = "FROM base AS build\nRUN make\nFROM base AS prod\nCMD ./w\nFROM build AS test\nRUN true\n";
        assertEquals(Optional.empty(), warning(staged, "prod", List.of("./w"), List.of()));
        assertEquals(
                Optional.of("Dockerfile.worker sets no CMD of its own: the worker image runs \"/bin/bash\", inherited"
                        + " from base, a shell that exits at once on a dyno (no terminal); add a CMD line, e.g."
                        + " CMD [\"./bin/worker\"]"),
                warning(staged, "test", bash, List.of()),
                "the test stage starts from build, which sets no CMD either");
        assertEquals(
                Optional.empty(), warning("FROM scratch\n", null, List.of(), List.of()), "nothing to run: an error");
    }
}
