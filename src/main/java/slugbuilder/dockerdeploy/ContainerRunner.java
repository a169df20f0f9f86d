package slugbuilder.dockerdeploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.Ports;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.core.WebCheck;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.Labels;

/**
 * The {@code container run} use case: builds a process type's image as {@code container push}
 * does, then runs it the way Heroku's container runtime will (see {@link ContainerRuntime}):
 * never as root, PORT on 127.0.0.1, config vars (with app.json's add-ons running beside it, as
 * {@code start} runs them), CMD through a shell. It says where web
 * answers, streams the output, and removes the container when the process ends, on Ctrl-C, or
 * when web never answers on $PORT.
 */
public final class ContainerRunner {
    /** A dyno's web process must bind $PORT within 60 seconds (Heroku's R10 boot timeout). */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

    /** Following the output blocks while the process runs: a thread of its own. */
    private static final ExecutorService LOGS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slugbuilder-container-logs");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param type        the process type to run, e.g. web
     * @param words       the command line's CMD words (empty: heroku.yml's run.<type>, else the image's CMD)
     * @param recursive   look for Dockerfile.<type> below the app directory too
     * @param port        PORT, published on 127.0.0.1
     * @param vars        the config vars, merged
     * @param buildArgs   --build-arg values (they win over heroku.yml's build.config)
     * @param network     the network the build steps use, or null
     * @param contextPath the build context, or null for the Dockerfile's directory
     * @param addons      app.json's add-ons, run beside the process as start runs them
     */
    public record Options(
            String type,
            List<String> words,
            boolean recursive,
            int port,
            Map<String, String> vars,
            Map<String, String> buildArgs,
            String network,
            Path contextPath,
            AddonPlan addons) {
        public Options {
            words = List.copyOf(words);
            vars = new LinkedHashMap<>(vars);
            buildArgs = new LinkedHashMap<>(buildArgs);
        }

        public Options(
                String type,
                List<String> words,
                boolean recursive,
                int port,
                Map<String, String> vars,
                Map<String, String> buildArgs,
                String network,
                Path contextPath) {
            this(type, words, recursive, port, vars, buildArgs, network, contextPath, AddonPlan.none());
        }
    }

    /** What the app's files and the options settle before the engine is contacted. */
    public record Plan(
            Options options,
            ContainerTypes.TypeBuild build,
            Optional<HerokuYml> herokuYml,
            Map<String, String> buildArgs,
            Path contextPath) {}

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final Duration bootTimeout;

    public ContainerRunner(ContainerEngine engine, Console console, Cleanup cleanup) {
        this(engine, console, cleanup, BOOT_TIMEOUT);
    }

    /** BOOT_TIMEOUT: how long web may take to answer on $PORT. */
    ContainerRunner(ContainerEngine engine, Console console, Cleanup cleanup, Duration bootTimeout) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.bootTimeout = bootTimeout;
    }

    /** The checks that need no engine: the type's Dockerfile, heroku.yml, the port, the context. */
    public static Plan plan(AppDir app, Options options) {
        ContainerTypes.checkTypeName(options.type(), null);
        Ports.requireValid(options.port(), 1);
        Optional<HerokuYml> yml = HerokuYml.read(app);
        // run.<type>.image: the command runs in another type's image
        String imageType = yml.map(y -> y.run().get(options.type()))
                .map(HerokuYml.RunCommand::image)
                .orElse(options.type());
        ContainerTypes.TypeBuild build = ContainerTypes.resolve(app, List.of(imageType), options.recursive(), yml)
                .get(0);
        Path contextPath = ContainerImageBuilder.contextPath(options.contextPath());
        Map<String, String> buildArgs = ContainerImageBuilder.buildArgs(yml, options.buildArgs());
        return new Plan(options, build, yml, buildArgs, contextPath);
    }

    /** Builds and runs the plan's type until its process ends (its exit code is returned) or Ctrl-C. */
    public int run(AppDir app, Plan plan) {
        Options options = plan.options();
        String type = options.type();
        int port = options.port();
        Ports.requireFree(port);
        AppIdentity identity = AppIdentity.of(app);
        String image = new ContainerImageBuilder(engine, console)
                .build(app, plan.build(), plan.contextPath(), plan.buildArgs(), options.network(), identity);
        ImageInfo info = engine.images().inspect(image);

        String dockerfileText = app.readText(plan.build().dockerfile()).orElse("");
        ContainerRuntime.warnings(
                        type,
                        plan.build().dockerfile(),
                        dockerfileText,
                        plan.build().target(),
                        info,
                        port)
                .forEach(console::warn);
        String user = null;
        if (ContainerRuntime.isRoot(info.user())) {
            user = ContainerRuntime.UNPRIVILEGED_USER;
            console.note("the " + plan.build().type() + " image runs as "
                    + (info.user().isEmpty() ? "root (no USER)" : "USER " + info.user())
                    + "; Heroku never runs a dyno as root, so this runs as the unprivileged uid " + user
                    + " (nobody)");
        }
        Optional<HerokuYml.RunCommand> run = plan.herokuYml().map(y -> y.run().get(type));
        String runSource = plan.herokuYml()
                .map(y -> HerokuYml.NAME + ":" + y.lineOf("run." + type))
                .orElse(HerokuYml.NAME);
        ContainerRuntime.Command command = ContainerRuntime.command(
                type, info, options.words(), run, runSource, plan.build().dockerfile());
        if (options.words().isEmpty() && run.isEmpty()) {
            InheritedCommand.warning(
                            plan.build().type(),
                            plan.build().dockerfile(),
                            dockerfileText,
                            plan.build().target(),
                            info.cmd(),
                            info.entrypoint())
                    .ifPresent(console::warn);
        }
        if (options.vars().containsKey("PORT")) {
            console.note("PORT from your config vars is replaced by " + port + " (choose it with --port)");
        }
        String dyno = type + ".1";
        // app.json's add-ons as start runs them: their services on the app's network, their config
        // vars under the user's; stopped with the process (their volumes stay)
        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(identity, options.addons());
            options.vars().keySet().stream()
                    .filter(services.vars()::containsKey)
                    .sorted()
                    .forEach(name -> console.note(name + " from your config vars wins over the add-on's"));
            ContainerSpec spec = new ContainerSpec(
                            image,
                            command.args(),
                            user,
                            ContainerRuntime.env(services.withUserVars(options.vars()), port, dyno),
                            null,
                            Map.of(port, port),
                            Map.of(),
                            identity.labels(type))
                    .withNetwork(services.network())
                    .withRole("the " + dyno + " container");
            return supervise(dyno, command, spec, type.equals("web") ? port : 0, info);
        }
    }

    private int supervise(
            String dyno, ContainerRuntime.Command command, ContainerSpec spec, int webPort, ImageInfo info) {
        String invocation = UUID.randomUUID().toString();
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.RUN, invocation);
        // Ctrl-C runs the cleanup on another thread while this one may be inside create: the cleanup
        // waits for that call to return, so it sees the container, and bars a start after it
        Object launching = new Object();
        boolean[] stopped = {false};
        try (Cleanup scope = cleanup.scope()) {
            scope.add("the " + dyno + " container", () -> {
                synchronized (launching) {
                    stopped[0] = true;
                    for (String id : engine.containers().list(Map.of(Labels.RUN, invocation))) {
                        engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE);
                    }
                }
            });
            String id;
            synchronized (launching) {
                if (stopped[0]) {
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
                id = engine.containers().create(spec.withLabels(labels));
                engine.containers().start(id);
            }
            console.step("Started " + dyno + " (" + command.source() + "): " + command.shown());
            CompletableFuture<Void> logs = CompletableFuture.runAsync(
                    () -> engine.containers().followLogs(id, line -> console.log(dyno, line)), LOGS);
            if (webPort > 0) {
                URI url = URI.create("http://127.0.0.1:" + webPort + "/");
                if (WebCheck.awaitAnswer(
                        url, bootTimeout, () -> engine.containers().isRunning(id))) {
                    console.result("web process will be available at " + url);
                } else if (engine.containers().isRunning(id)) {
                    interruptedCheck();
                    throw neverListened(dyno, webPort, info);
                } else {
                    int code = engine.containers().waitFor(id);
                    logs.join(); // its last lines, before it is removed
                    interruptedCheck();
                    console.step(dyno + " exited with code " + code + " before it answered on " + url);
                    return code;
                }
            }
            int code = engine.containers().waitFor(id);
            logs.join();
            interruptedCheck();
            console.step(dyno + " exited with code " + code);
            return code;
        }
    }

    private SlugbuilderException neverListened(String dyno, int port, ImageInfo info) {
        List<Integer> exposed = ContainerRuntime.otherExposedPorts(info, port);
        String hint = exposed.isEmpty()
                ? "it must listen on 0.0.0.0:$PORT; Heroku stops a web dyno that does not within 60 s (R10)"
                : "it must listen on $PORT, not its EXPOSE port (" + ContainerRuntime.joinPorts(exposed)
                        + "): e.g. read the port from the PORT environment variable";
        return new SlugbuilderException(
                ExitCode.ENGINE,
                dyno + " did not answer on $PORT=" + port + " within " + bootTimeout.toSeconds()
                        + " s; it was stopped and removed",
                hint);
    }

    /** An exit the interrupt caused is the interrupt's, not the process's. */
    private static void interruptedCheck() {
        if (Cleanup.shuttingDown()) {
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
    }
}
