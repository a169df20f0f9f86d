package slugbuilder.run;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.detect.AppPlatform;
import slugbuilder.detect.Platform;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.watch.ChangeClassifier;
import slugbuilder.watch.ChangeKind;
import slugbuilder.watch.Debouncer;
import slugbuilder.watch.DirectoryWatcher;
import slugbuilder.watch.OnbuildCopies;
import slugbuilder.watch.SourceOverlay;
import slugbuilder.watch.WatchRules;

/**
 * {@code start --watch}: runs the dynos, then reacts to each burst of changed files by the most
 * work any of them asks ({@link ChangeKind}): a source file is copied into the running dynos,
 * whose processes restart; .env, Procfile or app.json recreate them with the config read again
 * (and the add-on services as app.json now says); a dependency manifest rebuilds the app image,
 * the Dockerfile both images. A build that fails leaves the running dynos alone. One line an
 * event.
 */
public final class WatchSession {
    /** How long the files must stay quiet before a burst of changes is acted on. */
    static final Duration QUIET = Duration.ofMillis(200);

    /** What the app's config says to run: re-read after .env, Procfile or app.json change. */
    public record Config(DynoPlan plan, Map<String, String> vars, AddonPlan addons) {}

    /** Reads the app's config again, as start read it (throws its usual error for a bad file). */
    @FunctionalInterface
    public interface Reload {
        Config read();
    }

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final AppImages.BuildSettings settings;
    private final Map<String, String> binds;
    private final Reload reload;
    private final WatchRules rules = WatchRules.builtIn();

    private AppInputs inputs;
    private String image;
    private String appDir;
    private volatile ChangeClassifier classifier;
    private Set<String> inImage;
    private SourceOverlay overlay;
    private SourceOverlay.Owner owner;
    private Config config;
    private Cleanup servicesScope;
    private AddonServices.Services services;
    private WatchedDynos dynos;

    WatchSession(
            ContainerEngine engine,
            Console console,
            Cleanup cleanup,
            AppImages.BuildSettings settings,
            Map<String, String> binds,
            Reload reload) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.settings = settings;
        this.binds = binds;
        this.reload = reload;
    }

    /** Runs until Ctrl-C, which stops and removes everything (the JVM's exit then ends this thread). */
    int run(
            AppInputs first,
            String base,
            String startImage,
            Config initial,
            Cleanup scope,
            AddonServices.Services running) {
        this.config = initial;
        this.servicesScope = scope;
        this.services = running;
        this.overlay = new SourceOverlay(first.app().root());
        imageBuilt(first, base, startImage, files(first));
        BlockingQueue<Set<String>> batches = new LinkedBlockingQueue<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slugbuilder-watch-debounce");
            thread.setDaemon(true);
            return thread;
        });
        Debouncer<String> debouncer = new Debouncer<>(
                QUIET,
                (task, delay) -> {
                    ScheduledFuture<?> future = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                    return () -> future.cancel(false);
                },
                batches::add);
        try (Cleanup session = cleanup.scope()) {
            DirectoryWatcher watcher =
                    DirectoryWatcher.start(first.app().root(), dir -> classifier.watches(dir), debouncer::add);
            session.add("the file watcher", () -> {
                watcher.close();
                timer.shutdownNow();
            });
            dynos = new WatchedDynos(engine, console, session);
            dynos.replace(launches(), true);
            console.step("watching " + first.app().root() + " for changes (Ctrl-C stops and removes everything)");
            while (true) {
                Set<String> batch = new LinkedHashSet<>(batches.take());
                for (Set<String> more; (more = batches.poll()) != null; ) {
                    batch.addAll(more); // what came in while the last change was handled
                }
                handle(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    private void handle(Set<String> paths) {
        long began = System.nanoTime();
        Map<String, ChangeKind> changes = new LinkedHashMap<>();
        Set<String> deleted = new LinkedHashSet<>();
        for (String path : paths) {
            if (path.equals(DirectoryWatcher.EVERYTHING)) {
                changes.put("(too many changes to tell)", ChangeKind.IMAGE);
                continue;
            }
            Optional<ChangeKind> kind = classifier.classify(path);
            if (kind.isEmpty()) {
                continue;
            }
            Path file = inputs.app().root().resolve(path);
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (kind.get() == ChangeKind.SOURCE && !exists) {
                if (inImage.contains(path) || inImage.stream().anyMatch(f -> f.startsWith(path + "/"))) {
                    changes.put(path, ChangeKind.IMAGE); // the image has it: only a build takes it out
                    deleted.add(path);
                } else if (overlay.remove(path)) {
                    changes.put(path, ChangeKind.SOURCE);
                    deleted.add(path);
                }
                continue; // else a file that came and went (an editor's temporary file)
            }
            if (kind.get() == ChangeKind.SOURCE && Files.isDirectory(file)) {
                continue; // its files are reported one by one
            }
            changes.put(path, kind.get());
            if (!exists) {
                deleted.add(path);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        ChangeKind most =
                changes.values().stream().max(Comparator.naturalOrder()).orElseThrow();
        String what = describe(changes.keySet(), deleted);
        try {
            String done =
                    switch (most) {
                        case FULL, IMAGE -> rebuild(most, changes.containsValue(ChangeKind.CONFIG));
                        case CONFIG -> reconfigure();
                        case SOURCE -> copy(changes.keySet(), deleted);
                    };
            console.step(String.format(Locale.ROOT, "watch: %s; %s in %.2f s", what, done, seconds(began)));
        } catch (SlugbuilderException | UncheckedIOException e) {
            if (e instanceof SlugbuilderException failure && failure.exitCode() == ExitCode.INTERRUPTED
                    || Cleanup.shuttingDown()) {
                throw e;
            }
            console.warn(String.format(
                    Locale.ROOT,
                    "watch: %s; %s after %.2f s (%s); %s; the next change tries again",
                    what,
                    most == ChangeKind.SOURCE || most == ChangeKind.CONFIG ? "the restart failed" : "the build failed",
                    seconds(began),
                    e.getMessage(),
                    dynos.isEmpty() ? "no process runs now" : dynos.names() + " keeps running as it was"));
        }
    }

    /**
     * A source change: the files written into the running dynos and their processes restarted. A
     * deleted file can only be taken out by fresh dynos from the same image, with every file
     * changed since it was built written in; so can a dyno whose process had ended.
     */
    private String copy(Set<String> changed, Set<String> deleted) {
        long files = changed.stream()
                .filter(p -> !deleted.contains(p)
                        && Files.isRegularFile(inputs.app().root().resolve(p)))
                .count();
        if (binds.isEmpty()) {
            changed.stream().filter(p -> !deleted.contains(p)).forEach(overlay::add);
        }
        boolean freshDynos = !deleted.isEmpty() && binds.isEmpty();
        if (freshDynos || !dynos.restart(this::writeOverlay)) {
            replaceDynos();
        }
        List<String> done = new ArrayList<>();
        if (binds.isEmpty() && files > 0) {
            done.add("copied " + count(files, "file"));
        }
        if (!deleted.isEmpty()) {
            done.add("removed " + count(deleted.size(), "file"));
        }
        done.add("restarted " + dynos.names());
        return String.join(", ", done.subList(0, done.size() - 1))
                + (done.size() > 1 ? " and " : "")
                + done.get(done.size() - 1);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** .env, Procfile or app.json: the config read again; the services follow app.json; then fresh dynos. */
    private String reconfigure() {
        Config next = reload.read(); // a bad file fails here, before anything is stopped
        String services = "";
        if (!next.addons().equals(config.addons())) {
            dynos.stop();
            servicesScope.close(); // the old services and their network (the data volumes stay)
            servicesScope = cleanup.scope();
            this.services =
                    new AddonServices(engine, console, servicesScope).up(AppIdentity.of(inputs.app()), next.addons());
            // on Ctrl-C the dynos go before the services, whose network they are on (newest first)
            servicesScope.add("the watched dynos", dynos::removeContainers);
            services = "restarted the add-on services and ";
        }
        config = next;
        replaceDynos();
        return services + "recreated " + dynos.names() + " with the new config";
    }

    /** A dependency manifest (IMAGE) or the Dockerfile (FULL): the old dynos run on until the build succeeds. */
    private String rebuild(ChangeKind kind, boolean configToo) {
        AppInputs next = AppInputs.read(inputs.app()); // the Dockerfile and .dockerignore as they are now
        Set<String> files = files(next);
        AppImages images = new AppImages(engine, console, cleanup, next, settings);
        String base = images.base();
        String tag = images.start(base);
        if (configToo) {
            config = reload.read();
        }
        String previous = image;
        imageBuilt(next, base, tag, files);
        replaceDynos();
        if (!previous.equals(image)) {
            engine.images().remove(previous); // untagged by the build, and no dyno uses it now: it would pile up
        }
        return (kind == ChangeKind.FULL ? "rebuilt both images" : "rebuilt the app image") + " and replaced "
                + dynos.names();
    }

    private void replaceDynos() {
        dynos.replace(launches(), false);
    }

    private List<ProcessSupervisor.Launch> launches() {
        List<ProcessSupervisor.Launch> launches = new ArrayList<>();
        for (ProcessSupervisor.Launch launch : AppRunner.launches(
                image,
                config.plan(),
                services.withUserVars(config.vars()),
                binds,
                AppIdentity.of(inputs.app()),
                services)) {
            launches.add(new ProcessSupervisor.Launch(
                    launch.dyno(), launch.command(), launch.spec(), launch.port(), this::writeOverlay, launch.size()));
        }
        return launches;
    }

    /** Into a dyno, created or running: the source files changed since its image was built. */
    private void writeOverlay(String containerId) {
        if (overlay.isEmpty() || appDir == null) {
            return;
        }
        if (owner == null) {
            try (InputStream tar =
                    engine.containers().readArchive(containerId, appDir).orElseThrow()) {
                owner = SourceOverlay.Owner.ofFirstEntry(tar).orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        engine.containers().writeArchive(containerId, appDir, new ByteArrayInputStream(overlay.tar(owner)));
    }

    /** A new app image: its id (the tag moves with the next build), where it keeps the app, what it copies first. */
    private void imageBuilt(AppInputs built, String base, String tag, Set<String> files) {
        inputs = built;
        image = engine.images().imageId(tag).orElse(tag);
        OnbuildCopies copies = OnbuildCopies.of(engine.images().inspect(base).onBuild());
        appDir = copies.appDir();
        classifier = new ChangeClassifier(
                rules, built.dockerignore(), copies, rules.sourcesNeedBuild().contains(platform(built)));
        inImage = files;
        overlay.clear();
        owner = null;
    }

    /** The platform the generated Dockerfile names on its first line ("" for a hand-written one). */
    private static String platform(AppInputs inputs) {
        return AppPlatform.titleIn(inputs.dockerfile().text())
                .flatMap(title -> PlatformCatalog.builtIn().inOrder().stream()
                        .filter(p -> p.title().equals(title))
                        .findFirst())
                .map(Platform::name)
                .orElse("");
    }

    /** The files the build context takes, as they are before a build: a deleted one of these needs a build. */
    private static Set<String> files(AppInputs inputs) {
        Path root = inputs.app().root();
        Set<String> files = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String relative = root.relativize(dir).toString();
                    return dir.equals(root) || inputs.dockerignore().mustWalk(relative)
                            ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String relative = root.relativize(file).toString();
                    if (!inputs.dockerignore().excludes(relative)) {
                        files.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // went while walking: the set is a hint for deletions
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String describe(Set<String> paths, Set<String> deleted) {
        String first = paths.iterator().next();
        String verb = deleted.containsAll(paths) ? "deleted" : "changed";
        return paths.size() == 1
                ? first + " " + verb
                : first + " and " + (paths.size() - 1) + (paths.size() == 2 ? " other file " : " other files ") + verb;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
