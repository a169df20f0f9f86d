package slugbuilder.citest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.NodeMirror;

/**
 * {@code slugbuilder test} on the node-ci sample, on the real engine with real Postgres: two
 * parallel test dynos, each on its own fresh in-dyno Postgres, pass; the failing variant exits
 * with its test's code; Ctrl-C mid-run stops everything; and none of them leaves a container, a
 * network or a volume of the app behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestCommandIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final Map<String, String> IMAGES =
            Map.of(ChosenAddonImages.ENVIRONMENT, "postgres=" + Engine.STACK + "-postgres");

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static String commit;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Fixtures.copy("node-ci", scratch);
        identity = AppIdentity.of(AppDir.open(app));
        Fixtures.init(app);
        Fixtures.git(app, "init", "-q", "-b", "ci-branch");
        Fixtures.git(app, "add", "-A");
        Fixtures.git(app, "commit", "-q", "-m", "the sample");
        commit = Fixtures.git(app, "rev-parse", "HEAD").strip();
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "test",
                "--dir",
                app.toString(),
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host"));
        args.addAll(List.of(more));
        return args;
    }

    private static CliProcess test(String... more) {
        return CliProcess.run(BUILD, IMAGES, args(more).toArray(String[]::new));
    }

    /** No container, network or volume with the app's label is left. */
    private static void assertNothingLeft() {
        assertEquals(List.of(), engine.containers().list(identity.appFilter()), "containers left");
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()), "networks left");
        assertEquals(List.of(), engine.networksAndVolumes().volumes(identity.appFilter()), "volumes left");
    }

    @Test
    @Order(10)
    void twoParallelDynosEachOnItsOwnInDynoPostgresPass() {
        CliProcess run = test();
        String err = run.err();
        assertEquals(0, run.exitCode(), err);
        for (String dyno : List.of("test.1", "test.2")) {
            assertTrue(err.contains(dyno + "  | test-setup: node " + (dyno.endsWith("1") ? 0 : 1)), err);
            assertTrue(err.contains(dyno + "  | ok - its own fresh Postgres"), err);
            assertTrue(err.contains(dyno + "  | ok - CI is true"), err);
            assertTrue(err.contains(dyno + "  | # branch ci-branch, commit " + commit), err);
            assertTrue(
                    Pattern.compile("(?m)^" + Pattern.quote(dyno) + "  passed in \\d+\\.\\d s$")
                            .matcher(run.out())
                            .find(),
                    run.out());
        }
        assertTrue(err.contains("as database-test-1 (heroku-postgresql"), err);
        assertTrue(err.contains("as database-test-2 (heroku-postgresql"), err);
        assertTrue(err.contains("ok - node 1 of 2 did its share (1.0 s)"), "each does half the work: " + err);
        assertNothingLeft();
    }

    @Test
    @Order(20)
    void theFailingVariantExitsWithItsTestsCodeAndLeavesNothing() {
        CliProcess run = test("--env", "FAIL_NODE=1", "--env", "FAIL_CODE=7", "--env", "TEST_WORK_SECONDS=0");
        assertEquals(7, run.exitCode(), run.err());
        assertTrue(run.err().contains("test.2  | not ok - failing on purpose with code 7"), run.err());
        assertTrue(run.out().contains("test.1  passed in "), run.out());
        assertTrue(run.out().contains("test.2  failed with code 7 in "), run.out());
        assertNothingLeft();
    }

    @Test
    @Order(30)
    void ctrlCMidRunLeavesNothing() {
        CliProcess run =
                CliProcess.start(IMAGES, args("--env", "TEST_WORK_SECONDS=120").toArray(String[]::new));
        run.awaitOutput("test.2  | ok - its own fresh Postgres", BUILD);
        run.signal("INT");
        assertEquals(130, run.waitFor(Duration.ofMinutes(1)), run.err());
        Interrupts.assertOneInterruptedLine(run.err());
        assertTrue(!run.out().contains("passed in"), "no summary after Ctrl-C: " + run.out());
        assertNothingLeft();
    }
}
