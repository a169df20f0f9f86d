package slugbuilder.run;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;

/**
 * The {@code start} use case: build the app's images, run Procfile processes exactly as a dyno
 * would, say where the web process answers, stream the logs, and stop and remove everything
 * when the user presses Ctrl-C or a process ends.
 */
public final class AppRunner {
    /** SIGTERM first; SIGKILL after this long (Docker's default; a dyno waits 30 s). */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** A dyno's web process must bind its port within 60 seconds. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    static final String RUN_LABEL = "slugbuilder.run";

    private final ContainerEngine engine;
    private final Console console;

    public AppRunner(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /**
     * @param process   the Procfile process to run (ignored with ALL)
     * @param basePort  the first process's host and container port
     * @param vars      config vars, already merged
     * @param mount     bind-mount the app directory at /app/src
     * @param detach    return once the web process answers, leaving the containers running
     */
    public record Options(String process, boolean all, int basePort, Map<String, String> vars, boolean mount, boolean detach) {
    }

    private record Running(String name, String id, int port) {
    }

    /** Runs until a process ends (its exit code is returned) or, with detach, until the web process answers. */
    public int start(AppDir app, Options options, AppImages.BuildSettings settings) {
        Procfile procfile = Procfile.read(app);
        List<Procfile.Entry> processes = options.all() ? procfile.entries() : List.of(procfile.require(options.process()));
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < processes.size(); i++) {
            int port = options.basePort() + Ports.STEP * i;
            Ports.requireFree(port);
            ports.put(processes.get(i).name(), port);
        }
        if (options.vars().containsKey("PORT")) {
            console.note("PORT from your config vars is replaced by " + options.basePort() + " (choose it with --port)");
        }

        AppImages images = new AppImages(engine, console, app, settings);
        String image = images.start(images.base());
        requireNonRootUser(image);

        String invocation = UUID.randomUUID().toString();
        try (Cleanup cleanup = new Cleanup()) {
            Cleanup.Action removeAll = cleanup.add("this run's containers", () -> removeContainers(invocation));
            List<Running> running = new ArrayList<>();
            for (Procfile.Entry process : processes) {
                int port = ports.get(process.name());
                String dyno = process.name() + ".1";
                Map<String, String> labels = new LinkedHashMap<>(images.identity().labels(process.name()));
                labels.put(RUN_LABEL, invocation);
                List<String> env = new ArrayList<>();
                options.vars().forEach((k, v) -> env.add(k + "=" + v));
                env.addAll(List.of("PORT=" + port, "DYNO=" + dyno, "HOME=/app"));
                Map<String, String> binds = options.mount() ? Map.of(app.root().toString(), "/app/src") : Map.of();
                String id = engine.start(new ContainerSpec(image, Dyno.command(process.command()), null, env, "/app",
                        Map.of(port, port), binds, labels));
                running.add(new Running(dyno, id, port));
                console.step("Started " + dyno + ": " + process.command());
            }
            List<CompletableFuture<Void>> logs = running.stream()
                    .map(r -> CompletableFuture.runAsync(() -> engine.followLogs(r.id(), line -> console.log(r.name(), line))))
                    .toList();
            for (Running r : running) {
                if (r.name().equals("web.1")) {
                    announceWeb(r);
                }
            }
            if (options.detach()) {
                cleanup.keep(removeAll);
                console.note("running in the background; stop with: slugbuilder stop");
                return ExitCode.OK.code;
            }
            return awaitFirstExit(running, logs);
        }
    }

    private void announceWeb(Running web) {
        URI url = URI.create("http://127.0.0.1:" + web.port() + "/");
        if (WebCheck.awaitAnswer(url, BOOT_TIMEOUT, () -> engine.isRunning(web.id()))) {
            console.result("web process will be available at " + url);
        } else if (engine.isRunning(web.id())) {
            console.warn("web.1 did not answer on " + url + " within " + BOOT_TIMEOUT.toSeconds()
                    + " s; on Heroku it would be stopped (R10 boot timeout): it must listen on 0.0.0.0:$PORT");
        }
    }

    /** Waits for the first process to end, like foreman: then the others are stopped too. */
    private int awaitFirstExit(List<Running> running, List<CompletableFuture<Void>> logs) {
        List<CompletableFuture<int[]>> exits = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            int index = i;
            exits.add(CompletableFuture.supplyAsync(() -> new int[] {index, engine.waitFor(running.get(index).id())}));
        }
        int[] first = (int[]) CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(logs.get(first[0])).join();
        console.step(running.get(first[0]).name() + " exited with code " + first[1]);
        return first[1];
    }

    private void requireNonRootUser(String image) {
        String user = engine.inspect(image).user();
        if (user.isEmpty() || user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            throw SlugbuilderException.badFile("Dockerfile", 0, "the image runs its processes as root, which a dyno never does",
                    "create a non-root user with home /app and switch to it with USER, as 'slugbuilder init' does");
        }
    }

    private void removeContainers(String invocation) {
        for (String id : engine.containers(Map.of(RUN_LABEL, invocation))) {
            engine.stopAndRemove(id, GRACE);
        }
    }
}
