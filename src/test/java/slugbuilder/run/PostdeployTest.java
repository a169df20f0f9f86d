package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.engine.ContainerSpec;

/** app.json's scripts.postdeploy on the fake engine: once per add-on data, again when forced or on fresh data, a failure retried. */
class PostdeployTest {
    private static final String PROCFILE = "release: ./migrate\nworker: ./work\n";
    private static final String APP_JSON =
            "{\"addons\": [\"heroku-postgresql\"], \"scripts\": {\"postdeploy\": {\"command\": \"./seed\", \"size\": \"basic\"}}}";

    private final AtomicInteger seedCode = new AtomicInteger();

    private static AddonPlan postgres() {
        return AppJsonFixture.plan(APP_JSON, AddonCatalog.builtIn(), ChosenAddonImages.none());
    }

    private FakeApp app(Path dir) {
        FakeApp app = new FakeApp(dir, PROCFILE, APP_JSON);
        app.engine.addImage("postgres", Map.of());
        app.engine.exitOnStart(spec -> spec.command().contains("./migrate"), 0, "migrated");
        app.engine.exitOnStart(spec -> spec.command().contains("./work"), 0);
        for (int code : new int[] {0, 5}) { // the seed ends with seedCode's value when it starts
            app.engine.exitOnStart(
                    spec -> spec.command().contains("./seed") && seedCode.get() == code, code, "seeding");
        }
        return app;
    }

    private int start(FakeApp app, boolean force) {
        return app.start("worker", false, List.of(), force, postgres());
    }

    private static long seeds(FakeApp app) {
        return app.created().stream().filter("the postdeploy container"::equals).count();
    }

    private static boolean recorded(FakeApp app) {
        return app.engine.volumeLabels().containsKey(Postdeploy.record(app.identity()));
    }

    @Test
    void itRunsAfterTheReleasePhaseAndBeforeTheDynosAsAOneOffDynoOfItsSize(@TempDir Path dir) {
        FakeApp app = app(dir);

        assertEquals(0, start(app, false));

        List<String> dynos =
                app.created().stream().filter(role -> !role.contains("service")).toList();
        assertEquals(List.of("the release container", "the postdeploy container", "the worker.1 container"), dynos);
        ContainerSpec seed = app.engine.createdSpecs().stream()
                .filter(s -> s.command().contains("./seed"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                seed.env().contains("DYNO=postdeploy.1") && seed.env().contains("A=1"),
                seed.env().toString());
        assertTrue(seed.env().stream().anyMatch(e -> e.startsWith("DATABASE_URL=")), "it reaches the add-on data");
        assertTrue(seed.ports().isEmpty());
        assertEquals(new ContainerSpec.MemoryLimit(512L << 20, 1024L << 20), seed.memory());
        String err = app.err.toString();
        assertTrue(err.contains("==> Running postdeploy: ./seed\n"), err);
        assertTrue(err.contains("postdeploy | seeding\n"), err);
        assertTrue(recorded(app));
    }

    @Test
    void itRunsOnceWhileTheDataStaysAndAgainWhenForced(@TempDir Path dir) {
        FakeApp app = app(dir);

        assertEquals(0, start(app, false));
        assertEquals(0, start(app, false));
        assertEquals(1, seeds(app), "not again on the same data");
        assertTrue(
                app.err
                        .toString()
                        .contains("postdeploy ran against this app's add-on data already; 'start --postdeploy' runs it"
                                + " again"),
                app.err.toString());

        assertEquals(0, start(app, true));
        assertEquals(2, seeds(app), "--postdeploy runs it again");
    }

    @Test
    void itRunsAgainOnFreshDataAfterCleanVolumes(@TempDir Path dir) {
        FakeApp app = app(dir);
        assertEquals(0, start(app, false));

        new Janitor(app.engine, app.console).cleanVolumes(app.identity().appFilter(), true);
        assertFalse(recorded(app));
        assertTrue(app.err.toString().contains("Removed 1 add-on data volume and the record that postdeploy ran"));

        assertEquals(0, start(app, false));
        assertEquals(2, seeds(app));
    }

    @Test
    void dataMadeAfreshWithoutCleanIsNotTheDataItRanAgainst(@TempDir Path dir) {
        FakeApp app = app(dir);
        assertEquals(0, start(app, false));

        // the database volume removed by hand: the next start makes a new one, with a new password
        app.engine
                .networksAndVolumes()
                .removeVolume("slugbuilder-" + app.identity().id() + "-database");
        assertEquals(0, start(app, false));

        assertEquals(2, seeds(app));
    }

    @Test
    void aFailureStopsStartWithItsCodeAndIsTriedAgainNextTime(@TempDir Path dir) {
        FakeApp app = app(dir);
        seedCode.set(5);

        assertEquals(5, start(app, false));
        assertFalse(app.created().contains("the worker.1 container"), "nothing starts after a failed postdeploy");
        assertFalse(recorded(app), "a failure is not recorded");
        assertTrue(
                app.err
                        .toString()
                        .contains(
                                "postdeploy failed with code 5; nothing else was started, and it runs again on the next"
                                        + " start"),
                app.err.toString());
        assertEquals(Map.of(), app.engine.liveContainers());

        seedCode.set(0);
        assertEquals(0, start(app, false));
        assertEquals(2, seeds(app));
        assertTrue(recorded(app));
    }

    @Test
    void aForcedRunThatFailsIsTriedAgainNextTime(@TempDir Path dir) {
        FakeApp app = app(dir);
        assertEquals(0, start(app, false));

        seedCode.set(5);
        assertEquals(5, start(app, true));
        assertFalse(recorded(app), "the last run on this data failed");

        seedCode.set(0);
        assertEquals(0, start(app, false));
        assertEquals(3, seeds(app));
    }

    @Test
    void anAppWithoutAddonsRunsItOnceToo(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, "worker: ./work\n", "{\"scripts\": {\"postdeploy\": \"./seed\"}}");
        app.engine.exitOnStart(spec -> spec.command().contains("./work"), 0);
        app.engine.exitOnStart(spec -> spec.command().contains("./seed"), 0);

        assertEquals(0, app.start("worker", false));
        assertEquals(0, app.start("worker", false));

        assertEquals(1, seeds(app));
        assertEquals(null, app.engine.createdSpecs().get(0).memory(), "no size, no limit");
    }
}
