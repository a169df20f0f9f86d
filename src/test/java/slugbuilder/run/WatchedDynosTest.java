package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/** The watch's dynos on the fake engine: the order a replacement goes in, and what a failure or Ctrl-C leaves. */
class WatchedDynosTest {
    private final FakeEngine engine = new FakeEngine();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    private final Cleanup cleanup = Cleanup.registry();
    private final List<String> prepared = new ArrayList<>();

    WatchedDynosTest() {
        engine.addImage("image-1", Map.of());
        engine.addImage("image-2", Map.of());
    }

    /** A worker (no port, so no web check) whose container records when it is prepared. */
    private ProcessSupervisor.Launch worker(String image) {
        ContainerSpec spec = new ContainerSpec(
                image, List.of("bash", "-c", "work"), null, List.of(), "/app", Map.of(), Map.of(), Labels.of("worker"));
        return new ProcessSupervisor.Launch("worker.1", "work", spec, 0, prepared::add);
    }

    private List<String> lifecycle() {
        return engine.calls().stream()
                .filter(c ->
                        List.of("create", "start", "stopAndRemove", "remove").contains(c.method()))
                .map(c -> c.method()
                        + (c.method().equals("create") ? "" : " " + c.args().get(0)))
                .toList();
    }

    @Test
    void theNewDynoIsCreatedAndPreparedWhileTheOldRunsThenTheOldStopsAndTheNewStarts() {
        WatchedDynos dynos = new WatchedDynos(engine, console, cleanup);
        dynos.replace(List.of(worker("image-1")), true);
        String first = prepared.get(0);

        dynos.replace(List.of(worker("image-2")), false);
        String second = prepared.get(1);

        assertEquals(
                List.of("create", "start " + first, "create", "stopAndRemove " + first, "start " + second),
                lifecycle());
        assertEquals(List.of(second), List.copyOf(engine.liveContainers().keySet()));
        assertEquals("worker.1", dynos.names());
        assertTrue(err.toString().contains("Started worker.1: work"), "the first start is announced: " + err);
    }

    @Test
    void aReplacementThatCannotBeCreatedLeavesTheOldDynoRunning() {
        WatchedDynos dynos = new WatchedDynos(engine, console, cleanup);
        dynos.replace(List.of(worker("image-1")), true);
        String first = prepared.get(0);
        SlugbuilderException refused =
                new SlugbuilderException(ExitCode.ENGINE, "failed to create the worker.1 container");
        engine.failNext("create", refused);

        SlugbuilderException thrown =
                assertThrows(SlugbuilderException.class, () -> dynos.replace(List.of(worker("image-2")), false));

        assertSame(refused, thrown);
        assertEquals(List.of(first), List.copyOf(engine.liveContainers().keySet()));
        assertTrue(engine.liveContainers().get(first).running(), "the old dyno runs on");
    }

    @Test
    void ctrlCRemovesEveryDynoOfTheRunAndBarsNewOnes() {
        WatchedDynos dynos = new WatchedDynos(engine, console, cleanup);
        dynos.replace(List.of(worker("image-1")), true);

        cleanup.close(); // what the shutdown hook does on Ctrl-C

        assertEquals(Map.of(), engine.liveContainers());
        SlugbuilderException interrupted =
                assertThrows(SlugbuilderException.class, () -> dynos.replace(List.of(worker("image-2")), false));
        assertEquals(ExitCode.INTERRUPTED, interrupted.exitCode());
        assertEquals(Map.of(), engine.liveContainers(), "nothing was created after the interrupt");
    }

    /** The fake's dyno answers SIGHUP as Dyno.restartable's does: the old process's last line, then the mark. */
    private void restartsOnHangup() {
        engine.onSignal(
                spec -> spec.command().size() == 7,
                "HUP",
                spec -> List.of("old process ends", spec.command().get(5)),
                null);
    }

    @Test
    void aRestartWritesIntoTheRunningDynoAndSignalsItWithoutANewContainer() {
        restartsOnHangup();
        WatchedDynos dynos = new WatchedDynos(engine, console, cleanup);
        dynos.replace(List.of(worker("image-1")), true);
        String first = prepared.get(0);
        List<String> written = new ArrayList<>();

        assertTrue(dynos.restart(written::add));

        assertEquals(List.of(first), written);
        assertEquals(List.of("create", "start " + first), lifecycle(), "no container made or removed");
        assertEquals(1, engine.calls("signal").size());
        assertEquals(List.of(first, "HUP"), engine.calls("signal").get(0).args());
        assertTrue(engine.liveContainers().get(first).running());
        assertTrue(
                err.toString().contains("old process ends"),
                "the old process's last line comes before the mark: " + err);
        assertTrue(!err.toString().contains("slugbuilder-restarted-"), "the mark is never shown: " + err);
    }

    @Test
    void aDynoWhoseProcessEndedIsNotRestartedButLeftToAReplacement() {
        restartsOnHangup();
        WatchedDynos dynos = new WatchedDynos(engine, console, cleanup);
        dynos.replace(List.of(worker("image-1")), true);
        String first = prepared.get(0);
        engine.exit(first, 1);
        List<String> written = new ArrayList<>();

        assertTrue(!dynos.restart(written::add));

        assertEquals(List.of(), written, "nothing is written into a dyno that will be replaced");
        assertEquals(List.of(), engine.calls("signal"));
    }
}
