package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/** stop and clean remove what belongs to the app, and nothing else. */
class JanitorTest {
    private static final AppIdentity APP = new AppIdentity("aaaaaaaaaaaa", "slugbuilder/app-aaaaaa");
    private static final AppIdentity OTHER = new AppIdentity("bbbbbbbbbbbb", "slugbuilder/other-bbbbbb");
    private static final String STACK = "slugbuilder/stack:bookworm-build";

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final Janitor janitor =
            new Janitor(engine, new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));

    private String container(AppIdentity app, String kind) {
        String image = app.startImage();
        if (engine.imageId(image).isEmpty()) {
            engine.addImage(image, app.labels("start"));
        }
        String id = engine.create(ContainerSpec.oneOff(image, List.of("sleep", "100"), List.of(), app.labels(kind)));
        engine.start(id);
        return id;
    }

    @Test
    void stopRemovesTheAppsContainersOnly() {
        String web = container(APP, "web");
        String worker = container(APP, "worker");
        String others = container(OTHER, "web");

        int removed = janitor.removeContainers(APP.appFilter());

        assertEquals(2, removed);
        assertEquals(
                List.of(web, worker).stream().sorted().toList(),
                engine.removedContainers().stream().sorted().toList());
        assertEquals(List.of(others), List.copyOf(engine.liveContainers().keySet()));
        assertEquals(2, engine.calls("stopAndRemove").size());
    }

    @Test
    void cleanRemovesTheAppsContainersAndImagesInRoundsAndKeepsTheRest() {
        engine.addImage(STACK, "app", List.of(), Labels.of("stack"), null);
        // the start image stands on the base image, so the base cannot go in the first round
        String base = APP.repository() + ":base-123456789abc";
        engine.addImage(base, "app", List.of("COPY . /app/src"), APP.labels("base"), STACK);
        engine.addImage(APP.startImage(), "app", List.of(), APP.labels("start"), base);
        engine.addImage(OTHER.startImage(), OTHER.labels("start"));
        container(APP, "web");

        janitor.clean(APP.appFilter(), false);

        assertEquals(List.of(OTHER.startImage(), STACK), engine.imageReferences());
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(3, engine.calls("removeImage").size(), "the base image goes in a second round");
    }

    @Test
    void cleanAllKeepsStackImagesAndRemovesUntaggedSteps() {
        engine.addImage(STACK, "app", List.of(), Labels.of("stack"), null);
        // a step an interrupted build left: untagged, with the stack's labels only
        String step = engine.addImage("sha256:" + "5".repeat(64), "app", List.of(), Labels.of("stack"), STACK);
        engine.addImage(APP.startImage(), APP.labels("start"));
        engine.addImage(OTHER.startImage(), OTHER.labels("start"));

        janitor.clean(Map.of(Labels.TOOL, "true"), true);

        assertEquals(List.of(STACK), engine.imageReferences());
        assertEquals(
                List.of(),
                engine.calls("removeImage").stream()
                        .filter(c -> c.args().get(0).equals(STACK))
                        .toList());
        assertEquals(
                1,
                engine.calls("removeImage").stream()
                        .filter(c -> c.args().get(0).equals(step))
                        .count());
    }

    @Test
    void cleanWithoutAllLeavesUntaggedSteps() {
        engine.addImage(STACK, "app", List.of(), Labels.of("stack"), null);
        String step = engine.addImage("sha256:" + "6".repeat(64), "app", List.of(), Labels.of("stack"), STACK);

        janitor.clean(Map.of(Labels.TOOL, "true"), false);

        assertEquals(List.of(step, STACK), engine.imageReferences());
    }

    @Test
    void stopRemovesEveryCopyOfANetworkLeftTwiceWithANote() {
        StringWriter err = new StringWriter();
        Janitor stopping =
                new Janitor(engine, new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
        engine.duplicateNetwork("slugbuilder-aaaaaaaaaaaa", APP.labels("network"));
        container(APP, "web");

        stopping.stop(APP.appFilter());

        assertEquals(Map.of(), engine.liveContainers(), "the containers go");
        assertEquals(
                "==> Removed 1 container\n"
                        + "note: removed the 2 copies of the network slugbuilder-aaaaaaaaaaaa that two commands had"
                        + " created at once\n",
                err.toString());
        assertEquals(List.of(), engine.networks(Map.of()), "no copy is left");
    }
}
