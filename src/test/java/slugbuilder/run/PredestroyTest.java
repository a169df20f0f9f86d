package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.appjson.Script;
import slugbuilder.engine.ContainerSpec;

/** app.json's scripts.pr-predestroy before clean --volumes, on the fake engine. */
class PredestroyTest {
    private static final String APP_JSON =
            "{\"addons\": [\"heroku-postgresql\"], \"scripts\": {\"pr-predestroy\": \"./teardown\"}}";

    private static AddonPlan postgres() {
        return AppJsonFixture.plan(APP_JSON, AddonCatalog.builtIn(), ChosenAddonImages.none());
    }

    private static FakeApp startedOnce(Path dir) {
        FakeApp app = new FakeApp(dir, "worker: ./work\n", APP_JSON);
        app.engine.addImage("postgres", Map.of());
        app.engine.exitOnStart(spec -> spec.command().contains("./work"), 0);
        assertEquals(0, app.start("worker", false, List.of(), false, postgres()));
        return app;
    }

    private static void predestroy(FakeApp app) {
        Script script = app.manifest().script(Script.PR_PREDESTROY).orElseThrow();
        new Predestroy(app.engine, app.console, app.cleanup).run(app.identity(), script, postgres(), Map.of("A", "1"));
    }

    @Test
    void itRunsInAOneOffDynoBesideTheAddonsOnTheirDataThenEverythingGoes(@TempDir Path dir) {
        FakeApp app = startedOnce(dir);
        app.engine.exitOnStart(spec -> spec.command().contains("./teardown"), 0, "archived");
        int before = app.created().size();

        predestroy(app);

        List<String> created = app.created().subList(before, app.created().size());
        assertEquals(2, created.size(), created.toString());
        assertTrue(created.get(0).contains("service"), "the add-on service first: " + created);
        assertEquals("the pr-predestroy container", created.get(1));
        ContainerSpec teardown =
                app.engine.createdSpecs().get(app.engine.createdSpecs().size() - 1);
        assertTrue(teardown.env().contains("DYNO=pr-predestroy.1")
                && teardown.env().contains("A=1"));
        assertTrue(teardown.env().stream().anyMatch(e -> e.startsWith("DATABASE_URL=")));
        assertEquals(app.identity().startImage(), teardown.image());
        assertTrue(app.err.toString().contains("==> Running pr-predestroy: ./teardown\n"), app.err.toString());
        assertTrue(app.err.toString().contains("pr-predestroy | archived\n"), app.err.toString());
        assertEquals(Map.of(), app.engine.liveContainers(), "the services and the dyno are removed");
    }

    @Test
    void aFailureIsAWarningWithItsCodeAndTheRemovalGoesAhead(@TempDir Path dir) {
        FakeApp app = startedOnce(dir);
        app.engine.exitOnStart(spec -> spec.command().contains("./teardown"), 3, "cannot archive");

        predestroy(app); // no exception: clean goes on

        assertTrue(
                app.err
                        .toString()
                        .contains("warning: pr-predestroy failed with code 3; the data is removed anyway, as Heroku"
                                + " destroys the app all the same\n"),
                app.err.toString());
        assertEquals(Map.of(), app.engine.liveContainers());
    }

    @Test
    void withoutDataNothingRuns(@TempDir Path dir) {
        FakeApp app = new FakeApp(dir, "worker: ./work\n", APP_JSON);

        predestroy(app);

        assertEquals(List.of(), app.created());
        assertEquals("", app.err.toString());
    }

    @Test
    void withoutTheAppsImageItSaysSoAndDoesNotRun(@TempDir Path dir) {
        FakeApp app = startedOnce(dir);
        app.engine.images().remove(app.identity().startImage());
        int before = app.created().size();

        predestroy(app);

        assertEquals(before, app.created().size());
        assertTrue(
                app.err
                        .toString()
                        .contains("warning: pr-predestroy did not run: the app's image "
                                + app.identity().startImage()
                                + " is gone ('slugbuilder start' builds it); the data is removed anyway"),
                app.err.toString());
    }
}
