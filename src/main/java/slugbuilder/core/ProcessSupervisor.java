package slugbuilder.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.appjson.DynoSize;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.ExitState;
import slugbuilder.engine.Labels;

/**
 * Runs a set of dyno processes in containers: creates them (labelled with this run's id, so
 * an interrupt can find and remove them all), lets the caller prepare each one, starts them,
 * says where the web process answers, streams their logs, and waits for the first to end.
 */
public final class ProcessSupervisor {
    /** SIGTERM first; SIGKILL after this long, as a dyno's processes get 30 s to shut down on Heroku. */
    public static final Duration GRACE = Duration.ofSeconds(30);
    /** A dyno's web process must bind its port within 60 seconds. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

    static final String RUN_LABEL = Labels.RUN;
    /**
     * Following logs and waiting for an exit block for as long as a process runs: a thread each, not
     * the common pool, whose few workers would leave the first exit of a large --all unnoticed.
     */
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slugbuilder-process-waiter");
        thread.setDaemon(true);
        return thread;
    });

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public ProcessSupervisor(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /**
     * One process to run.
     *
     * @param dyno    its name, e.g. web.1
     * @param prepare called with the created container's id before it starts (e.g. to unpack a slug)
     * @param size    the dyno size its memory limit comes from, for the words of a kill (R15); null for none
     */
    public record Launch(
            String dyno, String command, ContainerSpec spec, int port, Consumer<String> prepare, DynoSize size) {
        /** A process without a dyno size. */
        public Launch(String dyno, String command, ContainerSpec spec, int port, Consumer<String> prepare) {
            this(dyno, command, spec, port, prepare, null);
        }
    }

    /** What {@link #run} waits for. */
    public enum Mode {
        /** Until the first process ends (its exit code is returned) or Ctrl-C. */
        FOREGROUND,
        /** Until the web process answers; the processes keep running in the background. */
        DETACH,
        /** Until the web process answers (0) or fails to (1); then everything is removed. */
        CHECK
    }

    /** Runs LAUNCHES as MODE says; STOP_COMMAND is what stops detached processes. */
    public int run(List<Launch> launches, Mode mode, String stopCommand) {
        String invocation = UUID.randomUUID().toString();
        console.alignPrefixes(launches.stream().map(Launch::dyno).toList());
        // Ctrl-C runs the cleanup on another thread while this one may be inside a create call:
        // the cleanup waits for that call to return, so it sees the container, and bars new ones.
        Object launching = new Object();
        boolean[] stopped = {false};
        try (Cleanup scope = cleanup.scope()) {
            Cleanup.Action removeAll = scope.add("this run's containers", () -> {
                synchronized (launching) {
                    stopped[0] = true;
                    removeContainers(invocation);
                }
            });
            List<Running> running = launch(launches, invocation, launching, stopped);
            List<CompletableFuture<Void>> logs = followLogs(running);
            boolean webAnswered = true;
            for (int i = 0; i < running.size(); i++) {
                Running r = running.get(i);
                if (r.name().equals("web.1")) {
                    webAnswered = announceWeb(r, mode, running);
                    if (!webAnswered && mode == Mode.DETACH) {
                        return detachedWebFailed(r, logs.get(i)); // the scope then removes every container of the run
                    }
                }
            }
            if (mode == Mode.CHECK) {
                return webAnswered ? ExitCode.OK.code : ExitCode.FAILURE.code;
            }
            if (mode == Mode.DETACH) {
                scope.keep(removeAll);
                console.note("running in the background; stop with: " + stopCommand);
                return ExitCode.OK.code;
            }
            return awaitFirstExit(running, logs);
        }
    }

    /** A dyno that ran to its end: its exit code and how long it ran. */
    public record Ended(String dyno, int exitCode, Duration took) {}

    /**
     * Runs every one of LAUNCHES to its own end, in parallel (a test run's dynos): none stops
     * another. Returns each one's exit code and time, in LAUNCHES' order, once all have ended and
     * their last output is shown. Ctrl-C stops and removes them all.
     */
    public List<Ended> runAll(List<Launch> launches) {
        String invocation = UUID.randomUUID().toString();
        console.alignPrefixes(launches.stream().map(Launch::dyno).toList());
        Object launching = new Object();
        boolean[] stopped = {false};
        try (Cleanup scope = cleanup.scope()) {
            scope.add("this run's containers", () -> {
                synchronized (launching) {
                    stopped[0] = true;
                    removeContainers(invocation);
                }
            });
            List<Running> running = launch(launches, invocation, launching, stopped);
            List<CompletableFuture<Void>> logs = followLogs(running);
            List<CompletableFuture<Ended>> ends = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                Running r = running.get(i);
                CompletableFuture<Void> log = logs.get(i);
                ends.add(CompletableFuture.supplyAsync(
                        () -> {
                            int code = engine.containers().waitFor(r.id());
                            Duration took = Duration.ofNanos(System.nanoTime() - r.started());
                            log.join();
                            return new Ended(r.name(), code, took);
                        },
                        WAITERS));
            }
            List<Ended> ended = new ArrayList<>();
            try {
                for (CompletableFuture<Ended> end : ends) {
                    ended.add(end.join());
                }
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            if (Cleanup.shuttingDown()) {
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
            return ended;
        }
    }

    /** Creates and starts each of LAUNCHES, labelled with INVOCATION; none once the cleanup has begun. */
    private List<Running> launch(List<Launch> launches, String invocation, Object launching, boolean[] stopped) {
        List<Running> running = new ArrayList<>();
        for (Launch launch : launches) {
            Map<String, String> labels = new LinkedHashMap<>(launch.spec().labels());
            labels.put(RUN_LABEL, invocation);
            ContainerSpec spec = launch.spec();
            synchronized (launching) {
                if (stopped[0]) {
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
                String id = engine.containers()
                        .create(spec.withLabels(labels).withRole("the " + launch.dyno() + " container"));
                launch.prepare().accept(id);
                engine.containers().start(id);
                running.add(new Running(launch.dyno(), id, launch.port(), launch.size(), System.nanoTime()));
            }
            console.step("Started " + launch.dyno() + ": " + launch.command());
        }
        return running;
    }

    private List<CompletableFuture<Void>> followLogs(List<Running> running) {
        return running.stream()
                .map(r -> CompletableFuture.runAsync(
                        () -> engine.containers().followLogs(r.id(), line -> console.log(r.name(), line)), WAITERS))
                .toList();
    }

    private record Running(String name, String id, int port, DynoSize size, long started) {}

    private boolean announceWeb(Running web, Mode mode, List<Running> all) {
        URI url = URI.create("http://127.0.0.1:" + web.port() + "/");
        // in the foreground the first process to end ends the run, as with foreman: stop waiting for web then
        BooleanSupplier waitOn = mode == Mode.FOREGROUND
                ? () -> all.stream().allMatch(r -> engine.containers().isRunning(r.id()))
                : () -> engine.containers().isRunning(web.id());
        if (WebCheck.awaitAnswer(url, BOOT_TIMEOUT, waitOn)) {
            if (mode == Mode.CHECK) {
                console.step("web.1 answered on " + url);
            } else {
                console.result("web process will be available at " + url);
            }
            return true;
        }
        if (mode == Mode.DETACH) {
            return false; // a detached run that fails says so once, and stops
        }
        if (!waitOn.getAsBoolean() && engine.containers().isRunning(web.id())) {
            return false; // another process ended first: the run ends with it, and says which
        }
        if (engine.containers().isRunning(web.id())) {
            console.warn("web.1 did not answer on " + url + " within " + BOOT_TIMEOUT.toSeconds()
                    + " s; on Heroku it would be stopped (R10 boot timeout): it must listen on 0.0.0.0:$PORT");
        } else {
            console.warn("web.1 ended before it answered on " + url + " (its output is above)");
        }
        return false;
    }

    /**
     * A detached web process that never answered: nothing may stay running that a script would
     * believe is up. One that ended hands over its exit code once its last output is shown.
     */
    private int detachedWebFailed(Running web, CompletableFuture<Void> webLogs) {
        URI url = URI.create("http://127.0.0.1:" + web.port() + "/");
        if (engine.containers().isRunning(web.id())) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "web.1 did not answer on " + url + " within " + BOOT_TIMEOUT.toSeconds()
                            + " s; it was stopped, as Heroku stops it (R10 boot timeout)",
                    "the web process must listen on 0.0.0.0:$PORT");
        }
        int code = engine.containers().waitFor(web.id());
        webLogs.join(); // its last lines, before anything is removed
        reportMemoryKill(web);
        if (code == 0) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "web.1 exited (code 0) before it answered on " + url,
                    "a web process keeps running and listens on 0.0.0.0:$PORT");
        }
        console.step("web.1 exited with code " + code + " before it answered on " + url + "; nothing was left running");
        return code;
    }

    /** Waits for the first process to end, like foreman: then the others are stopped too. */
    private int awaitFirstExit(List<Running> running, List<CompletableFuture<Void>> logs) {
        List<CompletableFuture<int[]>> exits = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            int index = i;
            exits.add(CompletableFuture.supplyAsync(
                    () -> new int[] {
                        index, engine.containers().waitFor(running.get(index).id())
                    },
                    WAITERS));
        }
        int[] first;
        try {
            first = (int[]) CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new))
                    .join();
            logs.get(first[0]).join();
        } catch (CompletionException e) {
            // the engine's failure, already worded, rather than the future's wrapper
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (Cleanup.shuttingDown()) {
            throw new SlugbuilderException(
                    ExitCode.INTERRUPTED, "interrupted"); // stopped by the interrupt, not by itself
        }
        reportMemoryKill(running.get(first[0]));
        console.step(running.get(first[0]).name() + " exited with code " + first[1]);
        return first[1];
    }

    /**
     * A process killed for exceeding its memory limit, in Heroku's words when it has a dyno size
     * (R15: the dyno manager kills a dyno far above its quota), instead of a bare code 137.
     */
    private void reportMemoryKill(Running process) {
        if (!engine.containers()
                .exitState(process.id())
                .map(ExitState::oomKilled)
                .orElse(false)) {
            return;
        }
        DynoSize size = process.size();
        if (size == null) {
            console.warn(process.name() + " was killed for lack of memory (the machine's, or the engine's limit)");
            return;
        }
        console.warn(process.name() + ": Error R15 (Memory quota vastly exceeded): a " + size.name() + " dyno has "
                + size.memoryMb() + " MiB of memory"
                + (size.swaps() ? " and may use " + 2 * size.memoryMb() + " MiB with swap" : " and no swap")
                + "; it was killed, as Heroku kills it");
    }

    private void removeContainers(String invocation) {
        for (String id : engine.containers().list(Map.of(RUN_LABEL, invocation))) {
            engine.containers().stopAndRemove(id, GRACE);
        }
    }
}
