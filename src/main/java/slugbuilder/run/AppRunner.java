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
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Dyno;
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
     */
    public record Options(
            String process,
            boolean all,
            int basePort,
            Map<String, String> vars,
            boolean mount,
            boolean detach,
            boolean releasePhase,
            AddonPlan addons) {}

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
     * Runs PROCESSES of TYPES (the Procfile's, with the platform's defaults), built from INPUTS,
     * until a process ends (its exit code is returned) or, with detach, until the web process answers.
     */
    public int start(
            AppInputs inputs,
            ProcessTypes types,
            List<Procfile.Entry> processes,
            Options options,
            AppImages.BuildSettings settings) {
        AppDir app = inputs.app();
        types.note().ifPresent(console::note);
        Procfile procfile = types.procfile();
        for (int i = 0; i < processes.size(); i++) {
            Ports.requireFree(options.basePort() + Ports.STEP * i);
        }
        console.alignPrefixes(prefixes(processes, procfile, options.addons()));
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
            if (options.releasePhase() && release.isPresent() && !processes.contains(release.get())) {
                int code = runReleasePhase(image, release.get(), vars, binds, images.identity(), services);
                if (code != 0) {
                    console.step("the release phase failed with code " + code + "; nothing else was started");
                    return code;
                }
            }

            if (watch != null) {
                return new WatchSession(engine, console, cleanup, settings, options, binds, watch)
                        .run(
                                inputs,
                                base,
                                image,
                                new WatchSession.Config(processes, options.vars(), options.addons()),
                                scope,
                                services);
            }
            List<ProcessSupervisor.Launch> launches =
                    launches(image, processes, options.basePort(), vars, binds, images.identity(), services);
            int code = new ProcessSupervisor(engine, console, cleanup)
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

    /** One launch a process, each on its port (100 apart from BASE_PORT in order) and with its DYNO name. */
    static List<ProcessSupervisor.Launch> launches(
            String image,
            List<Procfile.Entry> processes,
            int basePort,
            Map<String, String> vars,
            Map<String, String> binds,
            AppIdentity identity,
            AddonServices.Services services) {
        List<ProcessSupervisor.Launch> launches = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Procfile.Entry process = processes.get(i);
            int port = basePort + Ports.STEP * i;
            String dyno = process.name() + ".1";
            ContainerSpec spec = dynoSpec(
                    image,
                    process.command(),
                    vars,
                    List.of("PORT=" + port, "DYNO=" + dyno),
                    Map.of(port, port),
                    binds,
                    identity.labels(process.name()),
                    services);
            launches.add(new ProcessSupervisor.Launch(dyno, process.command(), spec, port, id -> {}));
        }
        return launches;
    }

    /** Every name a line of this run can be prefixed with: the dynos, the release phase, the add-on services. */
    private static List<String> prefixes(List<Procfile.Entry> processes, Procfile procfile, AddonPlan addons) {
        List<String> names = new ArrayList<>();
        processes.forEach(process -> names.add(process.name() + ".1"));
        procfile.entries().stream().filter(e -> e.name().equals(RELEASE)).forEach(e -> names.add(RELEASE));
        addons.addons().forEach(addon -> names.add(addon.host()));
        return names;
    }

    /** The release phase: RELEASE's command to completion, as its own dyno with the app's config vars and no port. */
    private int runReleasePhase(
            String image,
            Procfile.Entry release,
            Map<String, String> vars,
            Map<String, String> binds,
            AppIdentity identity,
            AddonServices.Services services) {
        console.step("Running the release phase: " + release.command());
        ContainerSpec spec = dynoSpec(
                image,
                release.command(),
                vars,
                List.of("DYNO=release.1"),
                Map.of(),
                binds,
                identity.labels(RELEASE),
                services);
        return new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(new ProcessSupervisor.Launch(RELEASE, release.command(), spec, 0, id -> {})),
                        ProcessSupervisor.Mode.FOREGROUND,
                        START_STOP);
    }

    /** A dyno's container: the image's user in /app, HOME=/app, the config vars, then DYNO and PORT. */
    private static ContainerSpec dynoSpec(
            String image,
            String command,
            Map<String, String> vars,
            List<String> dynoEnv,
            Map<Integer, Integer> ports,
            Map<String, String> binds,
            Map<String, String> labels,
            AddonServices.Services services) {
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> env.add(k + "=" + v));
        env.addAll(dynoEnv);
        env.add("HOME=/app");
        return new ContainerSpec(image, Dyno.command(command), null, env, "/app", ports, binds, labels)
                .withNetwork(services.network());
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
