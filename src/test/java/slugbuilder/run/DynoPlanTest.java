package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.Procfile;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.FormationEntry;

/** How many dynos of each type start runs, their names, ports and sizes, and --formation's mistakes. */
class DynoPlanTest {
    private static final Procfile PROCFILE =
            Procfile.parse("Procfile", "release: ./migrate\nweb: ./serve\nworker: ./work\nclock: ./tick\n");

    private static Map<String, FormationEntry> formation(String json) {
        return AppJson.parse("app.json", json).base().formation();
    }

    private static DynoPlan all(String appJson, List<String> overrides) {
        return DynoPlan.of(
                PROCFILE,
                AppRunner.processes(PROCFILE, true, "web"),
                true,
                formation(appJson),
                DynoPlan.parseOverrides(overrides),
                5006);
    }

    private static List<String> names(DynoPlan plan) {
        return plan.dynos().stream()
                .map(d -> d.name() + "@" + d.port()
                        + (d.size() == null ? "" : ":" + d.size().name()))
                .toList();
    }

    @Test
    void allRunsEachTypesQuantityOnPortsAHundredApartPerTypeAndOneApartPerDyno() {
        DynoPlan plan = all("""
                {"formation": {
                  "web": {"quantity": 2, "size": "standard-2x"},
                  "worker": {"quantity": 3, "size": "basic"}
                }}""", List.of());

        assertEquals(
                List.of(
                        "web.1@5006:standard-2x",
                        "web.2@5007:standard-2x",
                        "worker.1@5106:basic",
                        "worker.2@5107:basic",
                        "worker.3@5108:basic",
                        "clock.1@5206"),
                names(plan),
                "a type formation does not name runs one dyno without a size");
        assertEquals(List.of(), plan.notes());
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void quantityZeroIsNotRunAndKeepsTheNextTypesPorts() {
        DynoPlan plan = all("{\"formation\": {\"worker\": {\"quantity\": 0}}}", List.of());

        assertEquals(List.of("web.1@5006", "clock.1@5206"), names(plan));
        assertEquals(List.of("worker has quantity 0 (app.json:1): not run"), plan.notes());
    }

    @Test
    void theOptionWinsOverAppJsonAndAllSetsTheTypesItDoesNotName() {
        DynoPlan plan = all(
                "{\"formation\": {\"web\": {\"quantity\": 3, \"size\": \"basic\"}}}",
                List.of("web=1,clock=0", "all=2"));

        assertEquals(List.of("web.1@5006:basic", "worker.1@5106", "worker.2@5107"), names(plan));
        assertEquals(List.of("clock has quantity 0 (--formation): not run"), plan.notes());
    }

    @Test
    void oneProcessRunsOneDynoUnlessTheOptionSaysMoreAndTakesItsSize() {
        Map<String, FormationEntry> formation =
                formation("{\"formation\": {\"worker\": {\"quantity\": 4, \"size\": \"performance-m\"}}}");
        List<Procfile.Entry> worker = AppRunner.processes(PROCFILE, false, "worker");

        assertEquals(
                List.of("worker.1@5006:performance-m"),
                names(DynoPlan.of(PROCFILE, worker, false, formation, Map.of(), 5006)));
        assertEquals(
                List.of("worker.1@5006:performance-m", "worker.2@5007:performance-m"),
                names(DynoPlan.of(PROCFILE, worker, false, formation, Map.of("worker", 2), 5006)));
    }

    @Test
    void aFormationTypeTheProcfileLacksIsAWarningNamingItsLine() {
        DynoPlan plan = all("""
                {
                  "formation": {
                    "web": {"quantity": 1},
                    "sidekiq": {"quantity": 2}
                  }
                }""", List.of());

        assertEquals(List.of("web.1@5006", "worker.1@5106", "clock.1@5206"), names(plan));
        assertEquals(
                List.of("app.json:4: formation names the process type sidekiq, which the Procfile lacks"
                        + " (its types: web, worker, clock); it is ignored"),
                plan.warnings());
    }

    @Test
    void badOptionSyntaxIsAUsageErrorWithTheFix() {
        for (String bad : List.of("web", "web:2", "web=", "=2", "web=two", "web=-1", "web=2,,worker=1")) {
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> DynoPlan.parseOverrides(List.of(bad)), bad);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("write the quantities as --formation web=2,worker=1", e.hint(), bad);
        }
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> DynoPlan.parseOverrides(List.of("web=2,worker:1")));
        assertEquals("--formation web=2,worker:1: 'worker:1' is not TYPE=N", e.getMessage());
    }

    @Test
    void tooManyDynosOfATypeIsAUsageError() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> DynoPlan.parseOverrides(List.of("web=101")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(
                "--formation web=101: at most 100 dynos of a type (each takes one of its type's 100 ports)",
                e.getMessage());
    }

    @Test
    void anUnknownTypeOrTheReleasePhaseInTheOptionIsAUsageError() {
        SlugbuilderException unknown =
                assertThrows(SlugbuilderException.class, () -> all("{}", List.of("web=1,sidekiq=2")));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertEquals("--formation sidekiq: the Procfile has no process type sidekiq", unknown.getMessage());
        assertEquals("its types: web, worker, clock", unknown.hint());

        SlugbuilderException release = assertThrows(SlugbuilderException.class, () -> all("{}", List.of("release=1")));
        assertEquals(ExitCode.USAGE, release.exitCode());
    }

    @Test
    void nothingToRunIsAUsageError() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> all("{}", List.of("all=0")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("nothing to run: every process type of this start has quantity 0", e.getMessage());
    }

    @Test
    void portsPastTheLastAreRefusedWithTheHighestBaseThatFits() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> DynoPlan.of(
                        PROCFILE,
                        AppRunner.processes(PROCFILE, true, "web"),
                        true,
                        formation("{\"formation\": {\"clock\": {\"quantity\": 5}}}"),
                        Map.of(),
                        65400));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(
                "--port 65400: its 7 dynos need the ports up to 65604 (100 apart per process type, 1 apart per dyno),"
                        + " above 65535",
                e.getMessage());
        assertEquals("choose --port 65331 or lower", e.hint());
    }

    @Test
    void aQuantityAboveAHundredInAppJsonIsAnErrorNamingItsLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> all("{\"formation\": {\"web\": {\"quantity\": 150}}}", List.of()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "app.json:1: formation web: quantity 150 is more than the 100 dynos of a type slugbuilder runs on one"
                        + " machine",
                e.getMessage());
    }
}
