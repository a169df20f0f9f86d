package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.AddonPlan;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.EngineInfo;

/** start with app.json's formation on the fake engine: the dynos, their ports and memory, and a kill for memory. */
class StartFormationTest {
    private static final String PROCFILE = "worker: ./work\nclock: ./tick\n";

    private static String env(ContainerSpec spec, String name) {
        return spec.env().stream()
                .filter(e -> e.startsWith(name + "="))
                .map(e -> e.substring(name.length() + 1))
                .findFirst()
                .orElse(null);
    }

    @Test
    void allRunsEachDynoWithItsNamePortAndTheMemoryOfItsSize(@TempDir Path dir) {
        FakeApp app = new FakeApp(
                dir, PROCFILE, "{\"formation\": {\"worker\": {\"quantity\": 2, \"size\": \"standard-2x\"}}}");
        app.engine.exitOnStart(spec -> spec.command().contains("./tick"), 9, "tick");

        assertEquals(9, app.start("web", true));

        assertEquals(
                List.of("the worker.1 container", "the worker.2 container", "the clock.1 container"), app.created());
        List<ContainerSpec> specs = app.engine.createdSpecs();
        int base = Integer.parseInt(env(specs.get(0), "PORT"));
        assertEquals(
                List.of("worker.1", "worker.2", "clock.1"),
                specs.stream().map(s -> env(s, "DYNO")).toList());
        assertEquals(
                List.of(base, base + 1, base + 100),
                specs.stream().map(s -> Integer.parseInt(env(s, "PORT"))).toList());
        assertEquals(Map.of(base + 1, base + 1), specs.get(1).ports());
        ContainerSpec.MemoryLimit standard2x = new ContainerSpec.MemoryLimit(1L << 30, 2L << 30);
        assertEquals(standard2x, specs.get(0).memory(), "1 GiB quota, killed at 2 GiB of memory and swap");
        assertEquals(standard2x, specs.get(1).memory());
        assertNull(specs.get(2).memory(), "a type without a size has no limit");
        assertTrue(app.err.toString().contains("\nclock.1  | tick\n"), app.err.toString());
        assertTrue(!app.err.toString().contains("cannot limit swap"), "the engine limits swap: " + app.err);
    }

    @Test
    void theOptionOverridesAppJsonAndQuantityZeroIsANote(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, PROCFILE, "{\"formation\": {\"worker\": {\"quantity\": 2}}}");
        app.engine.exitOnStart(spec -> spec.command().contains("./tick"), 3);

        assertEquals(3, app.start("web", true, List.of("worker=0,clock=2"), false, AddonPlan.none()));

        assertEquals(List.of("the clock.1 container", "the clock.2 container"), app.created());
        assertTrue(
                app.err.toString().contains("note: worker has quantity 0 (--formation): not run"), app.err.toString());
    }

    @Test
    void aDynoKilledAboveItsMemoryIsHerokusR15WithItsSizeAndQuota(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, PROCFILE, "{\"formation\": {\"worker\": {\"size\": \"basic\"}}}");
        app.engine.outOfMemoryOnStart(spec -> spec.command().contains("./work"), "allocating");

        assertEquals(137, app.start("worker", false));

        assertTrue(
                app.err
                        .toString()
                        .contains(
                                "warning: worker.1: Error R15 (Memory quota vastly exceeded): a basic dyno has 512 MiB"
                                        + " of memory and may use 1024 MiB with swap; it was killed, as Heroku kills it\n"),
                app.err.toString());
        assertTrue(app.err.toString().contains("worker.1 exited with code 137"), app.err.toString());
        assertEquals(Map.of(), app.engine.liveContainers());
    }

    @Test
    void aPerformanceDynoHasNoSwap(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, PROCFILE, "{\"formation\": {\"clock\": {\"size\": \"performance-m\"}}}");
        app.engine.outOfMemoryOnStart(spec -> spec.command().contains("./tick"));

        assertEquals(137, app.start("clock", false));

        long quota = 2560L * 1024 * 1024;
        assertEquals(
                new ContainerSpec.MemoryLimit(quota, quota),
                app.engine.createdSpecs().get(0).memory());
        assertTrue(
                app.err
                        .toString()
                        .contains("clock.1: Error R15 (Memory quota vastly exceeded): a performance-m dyno has 2560 MiB"
                                + " of memory and no swap; it was killed"),
                app.err.toString());
    }

    @Test
    void aKillForMemoryWithoutASizeIsNotCalledR15(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, PROCFILE, "{}");
        app.engine.outOfMemoryOnStart(spec -> spec.command().contains("./work"));

        assertEquals(137, app.start("worker", false));

        assertTrue(
                app.err
                        .toString()
                        .contains(
                                "warning: worker.1 was killed for lack of memory (the machine's, or the engine's limit)"),
                app.err.toString());
        assertTrue(!app.err.toString().contains("R15"), app.err.toString());
    }

    @Test
    void anEngineThatCannotLimitSwapIsNotedOnce(@TempDir Path dir) {
        FakeApp app = new FakeApp(
                dir,
                "release: ./migrate\n" + PROCFILE,
                "{\"scripts\": {\"postdeploy\": {\"command\": \"./seed\", \"size\": \"basic\"}},"
                        + " \"formation\": {\"worker\": {\"quantity\": 2, \"size\": \"basic\"}}}");
        app.engine.engineInfo(new EngineInfo("overlay2", List.of(), false));
        app.engine.exitOnStart(
                spec -> spec.command().contains("./migrate") || spec.command().contains("./seed"), 0);
        app.engine.exitOnStart(spec -> spec.command().contains("./tick"), 0);

        assertEquals(0, app.start("web", true));

        String note = "note: the engine cannot limit swap (its kernel has no swap accounting): a dyno is killed at its"
                + " memory quota, not at the twice as much memory and swap Heroku allows its size\n";
        assertEquals(1, app.err.toString().split(Pattern.quote(note), -1).length - 1, app.err.toString());
    }
}
