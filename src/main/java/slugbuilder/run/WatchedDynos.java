package slugbuilder.run;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.core.Dyno;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.core.WebCheck;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;

/**
 * The dynos of {@code start --watch}: started, restarted or replaced as changes come, and removed
 * on Ctrl-C. Unlike a plain start, a process that ends does not end the run: the next change
 * starts it again. Each dyno's command restarts its process on SIGHUP ({@link Dyno#restartable}),
 * so a source change costs no container: no stop, removal, create or start (half a second).
 */
final class WatchedDynos {
    /** How long a replaced dyno gets to end on SIGTERM: a change should not wait Heroku's 30 s. */
    static final Duration REPLACE_GRACE = Duration.ofSeconds(10);

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

    /** How long a restart may take to end the old process: its grace, and time for the engine. */
    private static final Duration RESTART_TIMEOUT = REPLACE_GRACE.plusSeconds(20);

    private final ContainerEngine engine;
    private final Console console;
    private final String invocation = UUID.randomUUID().toString();
    /** What a dyno prints once a restart has ended its old process: never shown, never an app's line. */
    private final String restartMark = "slugbuilder-restarted-" + invocation;

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slugbuilder-watch-dyno");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> replaced = ConcurrentHashMap.newKeySet();
    private final Object launching = new Object();
    private boolean stopped;
    private volatile List<Running> running = List.of();

    /** A dyno's container; RESTARTS gets a permit each time its restart mark comes. */
    private record Running(String dyno, String id, int port, Semaphore restarts) {
        Running(String dyno, String id, int port) {
            this(dyno, id, port, new Semaphore(0));
        }
    }

    WatchedDynos(ContainerEngine engine, Console console, Cleanup scope) {
        this.engine = engine;
        this.console = console;
        scope.add("the watched dynos", this::removeAll);
    }

    /**
     * Replaces the running dynos by LAUNCHES: the new containers are created and prepared while
     * the old ones still run (a port is taken only at the start), then the old ones stop and the
     * new ones start; returns once web answers (or ends). FIRST announces each as a plain start does.
     */
    void replace(List<ProcessSupervisor.Launch> launches, boolean first) {
        console.alignPrefixes(
                launches.stream().map(ProcessSupervisor.Launch::dyno).toList());
        List<Running> created = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        try {
            for (ProcessSupervisor.Launch launch : launches) {
                Map<String, String> labels = new LinkedHashMap<>(launch.spec().labels());
                labels.put(Labels.RUN, invocation);
                synchronized (launching) {
                    if (stopped) {
                        throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                    }
                    String id = engine.containers()
                            .create(launch.spec()
                                    .withCommand(Dyno.restartable(launch.command(), restartMark, REPLACE_GRACE))
                                    .withLabels(labels)
                                    .withRole("the " + launch.dyno() + " container"));
                    created.add(new Running(launch.dyno(), id, launch.port()));
                }
                launch.prepare().accept(created.get(created.size() - 1).id());
                commands.add(launch.command());
            }
        } catch (RuntimeException e) {
            created.forEach(dyno -> engine.containers().remove(dyno.id())); // the old dynos run on
            throw e;
        }
        stop();
        synchronized (launching) {
            running = List.copyOf(created);
            for (int i = 0; i < created.size(); i++) {
                if (stopped) {
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
                engine.containers().start(created.get(i).id());
                if (first) {
                    console.step("Started " + created.get(i).dyno() + ": " + commands.get(i));
                }
            }
        }
        for (Running dyno : created) {
            threads.execute(() -> engine.containers().followLogs(dyno.id(), line -> {
                if (line.equals(restartMark)) {
                    dyno.restarts().release();
                } else {
                    console.log(dyno.dyno(), line);
                }
            }));
            threads.execute(() -> reportExit(dyno));
        }
        awaitWeb(created, first);
    }

    /**
     * Restarts the process in each running dyno, as a dyno restart does, after WRITE has put the
     * changed files into its container; returns once web answers again. False when a dyno has
     * ended (then nothing is written or restarted) or did not restart: the caller replaces them.
     */
    boolean restart(Consumer<String> write) {
        List<Running> now = running;
        if (now.isEmpty() || !now.stream().allMatch(dyno -> engine.containers().isRunning(dyno.id()))) {
            return false;
        }
        now.forEach(dyno -> write.accept(dyno.id()));
        for (Running dyno : now) {
            dyno.restarts().drainPermits();
            try {
                engine.containers().signal(dyno.id(), "HUP");
            } catch (SlugbuilderException e) {
                if (engine.containers().isRunning(dyno.id())) {
                    throw e;
                }
                return false; // it ended just now: a replacement starts it
            }
        }
        for (Running dyno : now) {
            if (!awaitRestart(dyno)) {
                return false;
            }
        }
        awaitWeb(now, false);
        return true;
    }

    /**
     * Whether DYNO's old process has gone and its new one started; false when the container ended
     * instead, or no mark came in RESTART_TIMEOUT.
     */
    private boolean awaitRestart(Running dyno) {
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        try {
            while (!dyno.restarts().tryAcquire(20, TimeUnit.MILLISECONDS)) {
                if (!engine.containers().isRunning(dyno.id())) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    return false; // no mark (its log stream broke off?): a replacement is sure
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /** Returns once web.1 among DYNOS answers (or ends); FIRST says where, as a plain start does. */
    private void awaitWeb(List<Running> dynos, boolean first) {
        for (Running dyno : dynos) {
            if (dyno.dyno().equals("web.1")) {
                URI url = URI.create("http://127.0.0.1:" + dyno.port() + "/");
                boolean answered = WebCheck.awaitAnswer(
                        url, BOOT_TIMEOUT, () -> engine.containers().isRunning(dyno.id()));
                if (answered && first) {
                    console.result("web process will be available at " + url);
                }
            }
        }
    }

    /** A process that ends by itself is said, and waits for the next change. */
    private void reportExit(Running dyno) {
        int code;
        try {
            code = engine.containers().waitFor(dyno.id());
        } catch (SlugbuilderException e) {
            return; // removed by a replacement or by Ctrl-C
        }
        if (!replaced.contains(dyno.id()) && !Cleanup.shuttingDown()) {
            console.step(dyno.dyno() + " exited with code " + code + "; the next change starts it again");
        }
    }

    /** Stops and removes the running dynos (SIGTERM, then SIGKILL after REPLACE_GRACE). */
    void stop() {
        List<Running> old;
        synchronized (launching) {
            old = running;
            running = List.of();
        }
        old.forEach(dyno -> replaced.add(dyno.id()));
        for (Running dyno : old) {
            engine.containers().stopAndRemove(dyno.id(), REPLACE_GRACE);
        }
    }

    /** Whether no dyno runs (a replacement failed after the old ones had to go). */
    boolean isEmpty() {
        return running.isEmpty();
    }

    /** The names of the dynos that run now, e.g. "web.1 and worker.1". */
    String names() {
        List<String> names = running.stream().map(Running::dyno).toList();
        if (names.size() <= 1) {
            return names.isEmpty() ? "no process" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Ctrl-C (or the end of the run): every container of this run goes, no new one comes, and no thread stays. */
    private void removeAll() {
        synchronized (launching) {
            stopped = true;
            removeContainers();
        }
        threads.shutdownNow();
    }

    /** Stops and removes every container of this run now (before the add-on services go, on Ctrl-C). */
    void removeContainers() {
        synchronized (launching) {
            for (String id : engine.containers().list(Map.of(Labels.RUN, invocation))) {
                replaced.add(id);
                engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE);
            }
        }
    }
}
