package slugbuilder.citest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import slugbuilder.Cleanup;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AddonRequest;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.appjson.DynoSize;
import slugbuilder.appjson.FormationEntry;
import slugbuilder.appjson.Script;
import slugbuilder.console.Console;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Dyno;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.core.RunAddonServices;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;

/**
 * The {@code test} use case, Heroku CI's test run done locally: the app built as Heroku CI
 * builds it (its own image, development dependencies kept), the test environment's add-ons
 * started fresh (in-dyno plans once per test dyno, the others once for the run), then
 * {@code formation.test.quantity} test dynos in parallel, each running {@code scripts.test-setup}
 * and then the test command through the dyno's start-up. Nothing is kept: containers, network and
 * data go when the run ends, or on Ctrl-C.
 */
public final class TestRunner {
    /** The dyno type of a test run's dynos: test.1, test.2, … */
    public static final String TYPE = "test";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public TestRunner(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /**
     * What a run needs, read and checked before the engine is contacted.
     *
     * @param manifest  app.json with {@code environments.test} laid over it
     * @param setup     {@code scripts.test-setup}, or null
     * @param test      the test command: {@code scripts.test}, or the platform's default
     * @param quantity  the number of test dynos
     * @param addons    the test environment's add-ons as they run here, in-dyno ones included
     * @param userVars  the config vars over the add-ons': app.json's env (values, generated secrets)
     *                  under --heroku-config's, .env, --env-file and --env, merged
     * @param git       the commit and branch, when the app is a git repository
     */
    public record Plan(
            AppManifest manifest,
            String setup,
            String test,
            int quantity,
            AddonPlan addons,
            Map<String, String> userVars,
            TestRunGit git) {
        /** formation.test.size: each test dyno's memory, as for start's dynos; null for no limit. */
        public DynoSize size() {
            FormationEntry entry = manifest.formation().get(TYPE);
            return entry == null ? null : entry.size();
        }
    }

    /** What each test dyno runs: SETUP (or null) then TEST; NOTE says when TEST is the platform's default. */
    public record Command(String setup, String test, Optional<String> note) {}

    /**
     * MANIFEST's {@code scripts.test-setup} and {@code scripts.test}; without the latter, the
     * default test command of APP's platform ({@code defaultTest} in platforms/*.json, as a
     * buildpack's {@code bin/test}). ENV gives SLUGBUILDER_PLATFORMS. Neither is an app.json error.
     */
    public static Command testCommand(AppDir app, AppManifest manifest, Map<String, String> env) {
        String setup = manifest.script(Script.TEST_SETUP).map(Script::command).orElse(null);
        Optional<Script> test = manifest.script(Script.TEST);
        if (test.isPresent()) {
            return new Command(setup, test.get().command(), Optional.empty());
        }
        ProcessTypes.DefaultTest fallback = ProcessTypes.defaultTest(app, env)
                .orElseThrow(() -> SlugbuilderException.badFile(
                        AppJson.NAME,
                        0,
                        "no test command: there is no scripts.test, and the app's platform has no default one",
                        "add \"environments\": {\"test\": {\"scripts\": {\"test\": \"COMMAND\"}}} to app.json"));
        return new Command(setup, fallback.command(), Optional.of(fallback.note()));
    }

    /** {@code formation.test.quantity}: how many test dynos run in parallel (1 when unset). */
    public static int quantity(AppManifest manifest) {
        FormationEntry entry = manifest.formation().get(TYPE);
        return entry == null || entry.quantity() == null ? 1 : Math.max(1, entry.quantity());
    }

    /** Builds, runs every test dyno to its end, prints one line per dyno; the first failing dyno's code, else 0. */
    public int run(AppInputs inputs, Plan plan, AppImages.BuildSettings settings) {
        AppImages images = new AppImages(engine, console, cleanup, inputs, settings);
        String image = images.test(images.base());
        String runId = UUID.randomUUID().toString();
        List<String> dynos = new ArrayList<>();
        for (int i = 1; i <= plan.quantity(); i++) {
            dynos.add(TYPE + "." + i);
        }
        // an add-on as planned is its request's: the same name on the same line of app.json
        Set<String> inDynoRequests = plan.manifest().addons().stream()
                .filter(AddonRequest::inDyno)
                .map(request -> request.line() + " " + request.name())
                .collect(Collectors.toSet());
        Map<Boolean, List<LocalAddon>> split = plan.addons().addons().stream()
                .collect(
                        Collectors.partitioningBy(addon -> inDynoRequests.contains(addon.line() + " " + addon.name())));
        AddonPlan shared = new AddonPlan(split.get(false), plan.addons().warnings());
        AddonPlan inDyno = new AddonPlan(split.get(true), List.of());
        // test-setup, then the tests only when it succeeded; each in braces of its own, on lines of
        // its own, so that neither a comment nor a trailing operator in one can swallow the other
        String command = plan.setup() == null ? plan.test() : "{ " + plan.setup() + "\n} && { " + plan.test() + "\n}";
        String shown = plan.setup() == null ? plan.test() : plan.setup() + " && " + plan.test();

        try (Cleanup scope = cleanup.scope()) {
            RunAddonServices.Started services = new RunAddonServices(engine, console, scope)
                    .up(images.identity(), "test-" + runId.substring(0, 8), shared, inDyno, dynos);
            List<ProcessSupervisor.Launch> launches = new ArrayList<>();
            for (int i = 0; i < dynos.size(); i++) {
                Map<String, String> vars =
                        new LinkedHashMap<>(services.dynoVars().get(i));
                vars.putAll(plan.userVars());
                List<String> env = new ArrayList<>();
                vars.forEach((k, v) -> env.add(k + "=" + v));
                env.addAll(ciVars(runId, plan.git(), i, dynos.size()));
                env.add("DYNO=" + dynos.get(i));
                env.add("PORT=5006");
                env.add("HOME=/app");
                ContainerSpec spec = new ContainerSpec(
                                image,
                                Dyno.command(command),
                                null,
                                env,
                                "/app",
                                Map.of(),
                                Map.of(),
                                images.identity().labels(TYPE))
                        .withNetwork(services.network())
                        .withMemory(Dyno.memory(plan.size()));
                launches.add(new ProcessSupervisor.Launch(dynos.get(i), shown, spec, 0, id -> {}));
            }
            List<ProcessSupervisor.Ended> ended = new ProcessSupervisor(engine, console, scope).runAll(launches);
            return summarize(ended);
        }
    }

    /** Heroku CI's variables for the dyno at INDEX of TOTAL. */
    static List<String> ciVars(String runId, TestRunGit git, int index, int total) {
        List<String> env = new ArrayList<>();
        env.add("CI=true");
        env.add("HEROKU_TEST_RUN_ID=" + runId);
        if (git.branch() != null) {
            env.add("HEROKU_TEST_RUN_BRANCH=" + git.branch());
        }
        if (git.commit() != null) {
            env.add("HEROKU_TEST_RUN_COMMIT_VERSION=" + git.commit());
        }
        env.add("CI_NODE_TOTAL=" + total);
        env.add("CI_NODE_INDEX=" + index);
        return env;
    }

    /** One line per dyno; the code of the lowest-numbered dyno that failed, else 0. */
    int summarize(List<ProcessSupervisor.Ended> ended) {
        int width = ended.stream().mapToInt(e -> e.dyno().length()).max().orElse(0) + 2;
        int code = 0;
        for (ProcessSupervisor.Ended dyno : ended) {
            String time = String.format(Locale.ROOT, "%.1f s", dyno.took().toMillis() / 1000.0);
            String padded = dyno.dyno() + " ".repeat(width - dyno.dyno().length());
            if (dyno.exitCode() == 0) {
                console.result(padded + "passed in " + time);
            } else {
                console.result(padded + "failed with code " + dyno.exitCode() + " in " + time);
                if (code == 0) {
                    code = dyno.exitCode();
                }
            }
        }
        return code;
    }
}
