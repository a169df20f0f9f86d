package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.fake.FakeEngine;

/** {@code stack build --addons} on a stack the engine already has: the four add-on images, no stack build. */
class StackCommandTest {
    private static final String STACK = "example/stack:bookworm";

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Wiring wiring = Wiring.system().withEngines((cleanup, notes) -> engine).withEnv(Map.of());
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring)
                .execute(args);
    }

    @Test
    void addonsOnAPresentStackBuildTheFourImagesAndNotTheStack() {
        engine.addImage(STACK, Map.of());
        assertEquals(0, run("stack", "build", "--tag", STACK, "--addons"), err.toString());
        assertEquals(
                List.of(STACK + "-postgres", STACK + "-redis", STACK + "-mysql", STACK + "-memcached"),
                out.toString().lines().toList());
        assertEquals(List.of(), engine.calls("importImage"), "no debootstrap, no import");
        assertEquals(4, engine.calls("build").size());
        assertTrue(err.toString().contains("The stack image " + STACK + " is present"), err.toString());
        assertTrue(!err.toString().contains("warning:"), err.toString());
    }

    @Test
    void stackOptionsThatCannotApplyAreAWarning() {
        engine.addImage(STACK, Map.of());
        assertEquals(
                0,
                run("stack", "build", "--tag", STACK, "--addons", "--mirror", "http://mirror.example/debian"),
                err.toString());
        assertTrue(
                err.toString().contains("warning: --mirror and --ca-bundle apply to building the stack"),
                err.toString());
    }
}
