package slugbuilder.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import slugbuilder.Cleanup;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.appjson.DynoSize;
import slugbuilder.appjson.Script;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Ports;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;

/**
 * The {@code start} use case: build the app's images, then run Procfile processes exactly as a
 * dyno would through {@link ProcessSupervisor}, which says where the web process answers,
 * streams the logs, and stops and removes everything on Ctrl-C or when a process ends.
 */
public final class AppRunner {
    /** How the processes of 'start --detach' are stopped. */
    static final String START_STOP = "slugbuilder stop";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    private WatchSession.Reload watch;

    public AppRunner(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /** start --watch: in the foreground, react to changed files; RELOAD reads the app's config again. */
    public AppRunner watching(WatchSession.Reload reload) {
        this.watch = reload;
        return this;
    }

    /**
     * @param process   the Procfile process to run (ignored with ALL)
     * @param basePort  the first process's host and container port
     * @param vars      config vars, already merged
     * @param mount     bind-mount the app directory at /app/src
     * @param detach    return once the web process answers, leaving the containers running
     * @param releasePhase run the Procfile's release command to completion before any process, as Heroku does
     * @param addons    the add-on services to run beside the processes
     * @param postdeploy app.json's scripts.postdeploy, run once against the add-on data; null for none
     * @param forcePostdeploy run it even when it ran against this data already
     */
    public record Options(
            String process,
            boolean all,
            int basePort,
            Map<String, String> vars,
            boolean mount,
            boolean detach,
            boolean releasePhase,
            AddonPlan addons,
            Script postdeploy,
            boolean forcePostdeploy) {
        /** Without app.json's scripts. */
        public Options(
                String process,
                boolean all,
                int basePort,
                Map<String, String> vars,
                boolean mount,
                boolean detach,
                boolean releasePhase,
                AddonPlan addons) {
            this(process, all, basePort, vars, mount, detach, releasePhase, addons, null, false);
        }
    }

    /** The Procfile process type Heroku runs once per release, before the release's dynos start: never a dyno itself. */
    public static final String RELEASE = "release";

    /** The processes START runs: one by name, or with ALL every type but the release phase. */
    public static List<Procfile.Entry> processes(Procfile procfile, boolean all, String process) {
        return all
                ? procfile.entries().stream()
                        .filter(e -> !e.name().equals(RELEASE))
                        .toList()
                : List.of(procfile.require(process));
    }

    /**
     * Runs the dynos of PLAN, of TYPES (the Procfile's, with the platform's defaults), built from INPUTS,
     * until a process ends (its exit code is returned) or, with detach, until the web process answers.
     */
    public int start(
            AppInputs inputs, ProcessTypes types, DynoPlan plan, Options options, AppImages.BuildSettings settings) {
        AppDir app = inputs.app();
        types.note().ifPresent(console::note);
        plan.warnings().forEach(console::warn);
        plan.notes().forEach(console::note);
        Procfile procfile = types.procfile();
        plan.dynos().forEach(dyno -> Ports.requireFree(dyno.port()));
        console.alignPrefixes(prefixes(plan, procfile, options));
        if (options.vars().containsKey("PORT")) {
            console.note(
                    "PORT from your config vars is replaced by " + options.basePort() + " (choose it with --port)");
        }

        AppImages images = new AppImages(engine, console, cleanup, inputs, settings);
        String base = images.base();
        String image = images.start(base);
        requireNonRootUser(image);

        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services =
                    new AddonServices(engine, console, scope).up(images.identity(), options.addons());
            Map<String, String> vars = services.withUserVars(options.vars());
            options.vars().keySet().stream()
                    .filter(services.vars()::containsKey)
                    .sorted()
                    .forEach(name -> console.note(name + " from your config vars wins over the add-on's"));
            Map<String, String> binds = options.mount() ? Map.of(app.root().toString(), "/app/src") : Map.of();
            Optional<Procfile.Entry> release = procfile.entries().stream()
                    .filter(e -> e.name().equals(RELEASE))
                    .findFirst();
            OneOffDyno oneOff =
                    new OneOffDyno(engine, console, cleanup, image, vars, binds, images.identity(), services);
            int code = beforeDynos(oneOff, release, plan, options, images.identity());
            if (code != 0) {
                return code;
            }

            if (watch != null) {
                return new WatchSession(engine, console, cleanup, settings, binds, watch)
                        .run(
                                inputs,
                                base,
                                image,
                                new WatchSession.Config(plan, options.vars(), options.addons()),
                                scope,
                                services);
            }
            List<ProcessSupervisor.Launch> launches = launches(image, plan, vars, binds, images.identity(), services);
            code = new ProcessSupervisor(engine, console, cleanup)
                    .run(
                            launches,
                            options.detach() ? ProcessSupervisor.Mode.DETACH : ProcessSupervisor.Mode.FOREGROUND,
                            START_STOP);
            if (options.detach() && code == 0) {
                services.keep();
            }
            return code;
        }
    }

    /** One launch a planned dyno, each on its port, with its DYNO name and memory. */
    static List<ProcessSupervisor.Launch> launches(
            String image,
            DynoPlan plan,
            Map<String, String> vars,
            Map<String, String> binds,
            AppIdentity identity,
            AddonServices.Services services) {
        List<ProcessSupervisor.Launch> launches = new ArrayList<>();
        for (DynoPlan.PlannedDyno dyno : plan.dynos()) {
            int port = dyno.port();
            ContainerSpec spec = DynoSpecs.spec(
                    image,
                    dyno.command(),
                    vars,
                    List.of("PORT=" + port, "DYNO=" + dyno.name()),
                    Map.of(port, port),
                    binds,
                    identity.labels(dyno.type()),
                    services,
                    dyno.size());
            launches.add(new ProcessSupervisor.Launch(dyno.name(), dyno.command(), spec, port, id -> {}, dyno.size()));
        }
        return launches;
    }

    /**
     * What runs to completion before the dynos start, each a one-off dyno: the release phase (unless
     * the run is of the release process itself), then app.json's postdeploy when it is due. Returns
     * the first failure's exit code, else 0.
     */
    private int beforeDynos(
            OneOffDyno oneOff, Optional<Procfile.Entry> release, DynoPlan plan, Options options, AppIdentity identity) {
        List<DynoSize> sizes = new ArrayList<>();
        plan.dynos().forEach(dyno -> sizes.add(dyno.size()));
        if (options.postdeploy() != null) {
            sizes.add(options.postdeploy().size());
        }
        DynoSpecs.noteSwap(engine, console, sizes);
        if (options.releasePhase()
                && release.isPresent()
                && plan.dynos().stream().noneMatch(dyno -> dyno.type().equals(RELEASE))) {
            console.step("Running the release phase: " + release.get().command());
            int code = oneOff.run(RELEASE, release.get().command(), null);
            if (code != 0) {
                console.step("the release phase failed with code " + code + "; nothing else was started");
                return code;
            }
        }
        if (options.postdeploy() == null) {
            return 0;
        }
        return new Postdeploy(engine, console)
                .runIfDue(
                        options.postdeploy(),
                        options.forcePostdeploy(),
                        identity,
                        options.addons(),
                        script -> oneOff.run(Script.POSTDEPLOY, script.command(), script.size()));
    }

    /** Every name a line of this run can be prefixed with: the dynos, the one-off dynos, the add-on services. */
    private static List<String> prefixes(DynoPlan plan, Procfile procfile, Options options) {
        List<String> names = new ArrayList<>();
        plan.dynos().forEach(dyno -> names.add(dyno.name()));
        procfile.entries().stream().filter(e -> e.name().equals(RELEASE)).forEach(e -> names.add(RELEASE));
        if (options.postdeploy() != null) {
            names.add(Script.POSTDEPLOY);
        }
        options.addons().addons().forEach(addon -> names.add(addon.host()));
        return names;
    }

    private void requireNonRootUser(String image) {
        String user = engine.images().inspect(image).user();
        if (user.isEmpty()
                || user.equals("root")
                || user.equals("0")
                || user.startsWith("0:")
                || user.startsWith("root:")) {
            throw SlugbuilderException.badFile(
                    "Dockerfile",
                    0,
                    "the image runs its processes as root, which a dyno never does",
                    "create a non-root user with home /app and switch to it with USER, as 'slugbuilder init' does");
        }
    }
}
