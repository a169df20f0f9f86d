package slugbuilder.engine.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Containers;
import slugbuilder.engine.EngineInfo;
import slugbuilder.engine.ExitState;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.Images;
import slugbuilder.engine.NetworksAndVolumes;
import slugbuilder.engine.PushEvent;
import slugbuilder.engine.RegistryAuth;
import slugbuilder.engine.RegistryPush;
import slugbuilder.engine.RunResult;

/**
 * An in-memory {@link ContainerEngine} for fast unit tests of the use cases: images with
 * labels, users and ONBUILD lists, containers that run until told to end, archives to read,
 * scripted builds and failures, and calls that block until released (a Ctrl-C mid-call).
 * Every call is recorded.
 */
public final class FakeEngine implements ContainerEngine {

    /** One call of the port: the method's name and its arguments as text. */
    public record Call(String method, List<String> args) {}

    /** An image the fake holds. PARENT is the image it was built on, or null. */
    public record Image(
            String id,
            String reference,
            String user,
            List<String> onBuild,
            Map<String, String> labels,
            String parent) {}

    /** What a matching build does: prints LINES, then fails with FAILURE or makes an image with USER and ONBUILD. */
    public record BuildScript(List<String> lines, RuntimeException failure, String user, List<String> onBuild) {
        public static BuildScript failing(RuntimeException failure, String... lines) {
            return new BuildScript(List.of(lines), failure, null, List.of());
        }

        public static BuildScript succeeding(String user, List<String> onBuild, String... lines) {
            return new BuildScript(List.of(lines), null, user, onBuild);
        }
    }

    /** A container the fake holds. */
    public static final class Container {
        public final String id;
        public final ContainerSpec spec;
        private volatile boolean started;
        private volatile boolean oomKilled;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final List<String> output = new CopyOnWriteArrayList<>();
        private final List<String> written = new CopyOnWriteArrayList<>();

        private Container(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }

        public boolean started() {
            return started;
        }

        public boolean running() {
            return started && !exit.isDone();
        }

        /** Paths written into it with writeArchive. */
        public List<String> written() {
            return written;
        }
    }

    /** Holds one call of a method until released. */
    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the blocked call has begun. */
        public void awaitEntered() {
            try {
                if (!entered.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the blocked call never came");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public void release() {
            released.countDown();
        }

        private void pass() {
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
        }
    }

    /** CODE null: the container runs on after printing. */
    private record StartRule(Predicate<ContainerSpec> match, Integer code, List<String> output, boolean oom) {}

    /** CODE null: the container runs on after printing. */
    private record SignalRule(
            Predicate<ContainerSpec> match,
            String signal,
            Function<ContainerSpec, List<String>> output,
            Integer code) {}

    private record ExecRule(Predicate<ContainerSpec> match, List<RunResult> results) {}

    private record BuildRule(Predicate<BuildRequest> match, BuildScript script) {}

    private final AtomicInteger ids = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final List<StartRule> startRules = new CopyOnWriteArrayList<>();
    private final List<SignalRule> signalRules = new CopyOnWriteArrayList<>();
    private final List<BuildRule> buildRules = new CopyOnWriteArrayList<>();
    private final List<ExecRule> execRules = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> networks = new ConcurrentHashMap<>();
    /** Networks created twice under one name (as two racing creates on a real engine leave them). */
    private final Set<String> doubledNetworks = ConcurrentHashMap.newKeySet();

    private final Map<String, Map<String, String>> volumes = new ConcurrentHashMap<>();
    private final List<String> removedContainers = new CopyOnWriteArrayList<>();
    private final List<ContainerSpec> createdSpecs = new CopyOnWriteArrayList<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Map<String, Platform> platformByReference = new ConcurrentHashMap<>();
    private final Map<String, ImageInfo> configByReference = new ConcurrentHashMap<>();
    private final List<RegistryAuth> pushAuths = new CopyOnWriteArrayList<>();
    private volatile EngineInfo engineInfo = new EngineInfo("overlay2", List.of(), true);

    // --- setting it up

    /** Adds an image REFERENCE (repo:tag, or "sha256:..." for an untagged one) and returns its id. */
    public String addImage(
            String reference, String user, List<String> onBuild, Map<String, String> labels, String parentReference) {
        String id = reference.startsWith("sha256:")
                ? reference
                : "sha256:" + String.format(Locale.ROOT, "%064x", ids.incrementAndGet());
        String parent = parentReference == null
                ? null
                : find(parentReference).map(Image::id).orElseThrow();
        images.put(
                id,
                new Image(
                        id,
                        reference.startsWith("sha256:") ? null : reference,
                        user,
                        List.copyOf(onBuild),
                        Map.copyOf(labels),
                        parent));
        return id;
    }

    public String addImage(String reference, Map<String, String> labels) {
        return addImage(reference, "app", List.of(), labels, null);
    }

    /** What readArchive gives for PATH in any container of IMAGE: a tar. */
    public void archive(String image, String path, byte[] tar) {
        archives.put(image + "\0" + path, tar);
    }

    /** Builds matching MATCH follow SCRIPT; others print one line and make an image of user "app". */
    public void onBuild(Predicate<BuildRequest> match, BuildScript script) {
        buildRules.add(new BuildRule(match, script));
    }

    /** Containers matching MATCH end as soon as they start, with CODE, having printed OUTPUT. */
    public void exitOnStart(Predicate<ContainerSpec> match, int code, String... output) {
        startRules.add(new StartRule(match, code, List.of(output), false));
    }

    /**
     * Containers matching MATCH are killed for exceeding their memory limit as soon as they start
     * (code 137, {@code OOMKilled}), having printed OUTPUT.
     */
    public void outOfMemoryOnStart(Predicate<ContainerSpec> match, String... output) {
        startRules.add(new StartRule(match, 137, List.of(output), true));
    }

    /** Containers matching MATCH print OUTPUT when they start, and run on. */
    public void printOnStart(Predicate<ContainerSpec> match, String... output) {
        startRules.add(new StartRule(match, null, List.of(output), false));
    }

    /**
     * Running containers matching MATCH answer SIGNAL by printing what OUTPUT makes of their spec,
     * then end with CODE (null: run on, as a process that traps it does).
     */
    public void onSignal(
            Predicate<ContainerSpec> match, String signal, Function<ContainerSpec, List<String>> output, Integer code) {
        signalRules.add(new SignalRule(match, signal, output, code));
    }

    /** The next call of METHOD (its name on the port) throws FAILURE. */
    public void failNext(String method, RuntimeException failure) {
        failures.put(method, failure);
    }

    /** The next call of METHOD blocks until the gate is released (or its thread is interrupted). */
    public Gate block(String method) {
        Gate gate = new Gate();
        gates.put(method, gate);
        return gate;
    }

    /** Ends a running container with CODE, as if its process had exited. */
    public void exit(String containerId, int code) {
        containers.get(containerId).exit.complete(code);
    }

    /** What info() reports (default: overlay2, no containerd image store). */
    public void engineInfo(EngineInfo info) {
        engineInfo = info;
    }

    /** What a push of an image would send: its platform, command, size and layers. */
    public record Platform(
            String os,
            String architecture,
            List<String> cmd,
            List<String> entrypoint,
            long size,
            List<String> layers) {}

    /**
     * The platform, command, size and layers inspect() reports for the image REFERENCE names when it is
     * built or tagged later (its id is the image's own). Default: linux/amd64, CMD ["/bin/sh"], 1 MB, one layer.
     */
    public void platform(String reference, Platform platform) {
        platformByReference.put(reference, platform);
    }

    /**
     * The command, ports, volumes and health check inspect() reports for the image REFERENCE names when it
     * is built or tagged later (its id, user, ONBUILD and labels stay its own). Default: none of them.
     */
    public void runtimeConfig(String reference, ImageInfo config) {
        configByReference.put(reference, config);
    }

    // --- looking at it

    /** The credentials each push was given, in order. */
    public List<RegistryAuth> pushAuths() {
        return List.copyOf(pushAuths);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The spec of every container created, removed ones too, in order. */
    public List<ContainerSpec> createdSpecs() {
        return List.copyOf(createdSpecs);
    }

    public Map<String, Container> liveContainers() {
        return Collections.unmodifiableMap(containers);
    }

    public List<String> removedContainers() {
        return List.copyOf(removedContainers);
    }

    /** The images' references (tags, or ids when untagged). */
    public List<String> imageReferences() {
        return images.values().stream()
                .map(i -> i.reference() != null ? i.reference() : i.id())
                .sorted()
                .toList();
    }

    // --- the port: four views of the one in-memory engine
    private final Images imagesView = new Images() {
        @Override
        public Optional<String> imageId(String reference) {
            return FakeEngine.this.imageId(reference);
        }

        @Override
        public ImageInfo inspect(String reference) {
            return FakeEngine.this.inspect(reference);
        }

        @Override
        public String build(BuildRequest request, Consumer<String> output) {
            return FakeEngine.this.build(request, output);
        }

        @Override
        public String importImage(InputStream rootfsTar, String repository, String tag) {
            return FakeEngine.this.importImage(rootfsTar, repository, tag);
        }

        @Override
        public List<String> list(Map<String, String> labels) {
            return FakeEngine.this.images(labels);
        }

        @Override
        public void tag(String reference, String repository, String tag) {
            FakeEngine.this.tag(reference, repository, tag);
        }

        @Override
        public void pull(String reference, Consumer<String> output) {
            FakeEngine.this.pull(reference, output);
        }

        @Override
        public boolean remove(String reference) {
            return FakeEngine.this.removeImage(reference);
        }
    };

    private final Containers containersView = new Containers() {
        @Override
        public String create(ContainerSpec spec) {
            return FakeEngine.this.create(spec);
        }

        @Override
        public void start(String containerId) {
            FakeEngine.this.start(containerId);
        }

        @Override
        public Attachment attach(String containerId, InputStream in, OutputStream out, OutputStream err) {
            return FakeEngine.this.attach(containerId, in, out, err);
        }

        @Override
        public int waitFor(String containerId) {
            return FakeEngine.this.waitFor(containerId);
        }

        @Override
        public Optional<ExitState> exitState(String containerId) {
            return FakeEngine.this.exitState(containerId);
        }

        @Override
        public void signal(String containerId, String signal) {
            FakeEngine.this.signal(containerId, signal);
        }

        @Override
        public boolean isRunning(String containerId) {
            return FakeEngine.this.isRunning(containerId);
        }

        @Override
        public List<String> logs(String containerId) {
            return FakeEngine.this.logs(containerId);
        }

        @Override
        public void followLogs(String containerId, Consumer<String> lines) {
            FakeEngine.this.followLogs(containerId, lines);
        }

        @Override
        public RunResult exec(String containerId, List<String> command) {
            return FakeEngine.this.exec(containerId, command);
        }

        @Override
        public Optional<InputStream> readArchive(String containerId, String path) {
            return FakeEngine.this.readArchive(containerId, path);
        }

        @Override
        public void writeArchive(String containerId, String path, InputStream tar) {
            FakeEngine.this.writeArchive(containerId, path, tar);
        }

        @Override
        public void stopAndRemove(String containerId, Duration grace) {
            FakeEngine.this.stopAndRemove(containerId, grace);
        }

        @Override
        public void remove(String containerId) {
            FakeEngine.this.remove(containerId);
        }

        @Override
        public List<String> list(Map<String, String> labels) {
            return FakeEngine.this.containers(labels);
        }
    };

    private final NetworksAndVolumes networksAndVolumesView = new NetworksAndVolumes() {
        @Override
        public void ensureNetwork(String name, Map<String, String> labels) {
            FakeEngine.this.ensureNetwork(name, labels);
        }

        @Override
        public boolean removeNetwork(String name) {
            return FakeEngine.this.removeNetwork(name);
        }

        @Override
        public List<String> networks(Map<String, String> labels) {
            return FakeEngine.this.networks(labels);
        }

        @Override
        public Optional<Map<String, String>> volume(String name) {
            return FakeEngine.this.volume(name);
        }

        @Override
        public void createVolume(String name, Map<String, String> labels) {
            FakeEngine.this.createVolume(name, labels);
        }

        @Override
        public void removeVolume(String name) {
            FakeEngine.this.removeVolume(name);
        }

        @Override
        public List<String> volumes(Map<String, String> labels) {
            return FakeEngine.this.volumes(labels);
        }
    };

    private final RegistryPush registryView = new RegistryPush() {
        @Override
        public EngineInfo info() {
            return FakeEngine.this.info();
        }

        @Override
        public void push(String image, RegistryAuth auth, Consumer<PushEvent> progress) {
            FakeEngine.this.push(image, auth, progress);
        }
    };

    @Override
    public Images images() {
        return imagesView;
    }

    @Override
    public Containers containers() {
        return containersView;
    }

    @Override
    public NetworksAndVolumes networksAndVolumes() {
        return networksAndVolumesView;
    }

    @Override
    public RegistryPush registry() {
        return registryView;
    }

    // --- the in-memory engine (tests may also call it directly)

    @Override
    public String describe() {
        return "fake engine";
    }

    public Optional<String> imageId(String reference) {
        enter("imageId", reference);
        return find(reference).map(Image::id);
    }

    public String importImage(InputStream rootfsTar, String repository, String tag) {
        enter("importImage", repository + ":" + tag);
        return addImage(repository + ":" + tag, "", List.of(), Map.of(), null);
    }

    public String build(BuildRequest request, Consumer<String> output) {
        enter("build", request.purpose(), String.join(",", request.tags()));
        try {
            // the whole context is read, as the engine would, so a context that cannot be written fails the build
            request.context().writeTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BuildScript script = buildRules.stream()
                .filter(r -> r.match().test(request))
                .map(BuildRule::script)
                .findFirst()
                .orElse(BuildScript.succeeding("app", List.of(), "Step 1/1 : built " + request.purpose()));
        script.lines().forEach(output);
        if (script.failure() != null) {
            throw script.failure();
        }
        Map<String, String> labels = new LinkedHashMap<>(request.labels());
        String id = null;
        for (String tag : request.tags()) {
            find(tag).ifPresent(old -> images.remove(old.id()));
            id = addImage(tag, script.user(), script.onBuild(), labels, null);
        }
        return id;
    }

    public String create(ContainerSpec spec) {
        enter("create", spec.role(), spec.image());
        if (find(spec.image()).isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE, "failed to create " + spec.role() + ": No such image: " + spec.image());
        }
        String id = String.format(Locale.ROOT, "%064x", ids.incrementAndGet() + 1_000_000L);
        containers.put(id, new Container(id, spec));
        createdSpecs.add(spec);
        return id;
    }

    public void start(String containerId) {
        enter("start", containerId);
        Container container = container(containerId);
        container.started = true;
        for (StartRule rule : startRules) {
            if (rule.match().test(container.spec)) {
                container.output.addAll(rule.output());
                if (rule.code() != null) {
                    container.oomKilled = rule.oom();
                    container.exit.complete(rule.code());
                }
                return;
            }
        }
    }

    public Containers.Attachment attach(String containerId, InputStream in, OutputStream out, OutputStream err) {
        enter("attach", containerId);
        Container container = container(containerId);
        return new Containers.Attachment() {
            @Override
            public void awaitEnd(Duration timeout) {
                try {
                    for (String line : container.output) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {}
        };
    }

    public int waitFor(String containerId) {
        enter("waitFor", containerId);
        Container container = container(containerId);
        try {
            return container.exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<ExitState> exitState(String containerId) {
        enter("exitState", containerId);
        Container container = containers.get(containerId);
        if (container == null || !container.exit.isDone()) {
            return Optional.empty();
        }
        return Optional.of(new ExitState(container.exit.join(), container.oomKilled));
    }

    public void signal(String containerId, String signal) {
        enter("signal", containerId, signal);
        Container container = containers.get(containerId);
        if (container == null || !container.running()) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to send SIG" + signal + " to the container " + containerId.substring(0, 12)
                            + ": it is not running");
        }
        for (SignalRule rule : signalRules) {
            if (rule.signal().equals(signal) && rule.match().test(container.spec)) {
                container.output.addAll(rule.output().apply(container.spec));
                if (rule.code() != null) {
                    container.exit.complete(rule.code());
                }
                return;
            }
        }
    }

    public boolean isRunning(String containerId) {
        enter("isRunning", containerId);
        Container container = containers.get(containerId);
        return container != null && container.running();
    }

    public List<String> logs(String containerId) {
        enter("logs", containerId);
        Container container = containers.get(containerId);
        return container == null ? List.of() : List.copyOf(container.output);
    }

    public void followLogs(String containerId, Consumer<String> lines) {
        enter("followLogs", containerId);
        Container container = containers.get(containerId);
        if (container == null) {
            return;
        }
        // line by line as they come, like the real engine's stream, until the container ends (or 30 s pass)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int shown = 0;
        while (true) {
            boolean ended = container.exit.isDone();
            while (shown < container.output.size()) {
                lines.accept(container.output.get(shown++));
            }
            if (ended || System.nanoTime() > deadline) {
                return;
            }
            try {
                container.exit.get(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still running: look for new lines
            }
        }
    }

    public Optional<InputStream> readArchive(String containerId, String path) {
        enter("readArchive", containerId, path);
        Container container = container(containerId);
        return Optional.ofNullable(archives.get(container.spec.image() + "\0" + path))
                .map(ByteArrayInputStream::new);
    }

    public void writeArchive(String containerId, String path, InputStream tar) {
        enter("writeArchive", containerId, path);
        try {
            tar.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container(containerId).written.add(path);
    }

    public void stopAndRemove(String containerId, Duration grace) {
        enter("stopAndRemove", containerId);
        removeContainer(containerId);
    }

    public void remove(String containerId) {
        enter("remove", containerId);
        removeContainer(containerId);
    }

    private void removeContainer(String containerId) {
        Container gone = containers.remove(containerId);
        if (gone != null) {
            gone.exit.complete(137);
            removedContainers.add(containerId);
        }
    }

    public List<String> containers(Map<String, String> labels) {
        enter("containers", labels.toString());
        return containers.values().stream()
                .filter(c -> c.spec.labels().entrySet().containsAll(labels.entrySet()))
                .map(c -> c.id)
                .sorted()
                .toList();
    }

    public List<String> images(Map<String, String> labels) {
        enter("images", labels.toString());
        return images.values().stream()
                .filter(i -> i.labels().entrySet().containsAll(labels.entrySet()))
                .map(i -> i.reference() != null ? i.reference() : i.id())
                .sorted()
                .toList();
    }

    public ImageInfo inspect(String reference) {
        enter("inspect", reference);
        Image image = find(reference)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.ENGINE, "failed to inspect the image " + reference + ": No such image: " + reference));
        ImageInfo config = scripted(configByReference, reference, image);
        Platform platform = scripted(platformByReference, reference, image);
        ImageInfo base =
                config != null ? config : new ImageInfo(image.id(), image.user(), image.onBuild(), image.labels());
        if (platform == null) {
            // a command of its own unless a runtime config says otherwise: pushes are checked for one
            List<String> cmd = config == null ? List.of("/bin/sh") : config.cmd();
            platform = new Platform("linux", "amd64", cmd, base.entrypoint(), 1_000_000, List.of("sha256:1"));
        }
        return new ImageInfo(
                image.id(),
                image.user(),
                image.onBuild(),
                image.labels(),
                platform.cmd(),
                platform.entrypoint(),
                base.exposedPorts(),
                base.volumes(),
                base.healthcheck(),
                platform.os(),
                platform.architecture(),
                platform.size(),
                platform.layers());
    }

    /** What was scripted for REFERENCE, or for the image's own reference. */
    private static <T> T scripted(Map<String, T> scripts, String reference, Image image) {
        T scripted = scripts.get(reference);
        return scripted == null && image.reference() != null ? scripts.get(image.reference()) : scripted;
    }

    public boolean removeImage(String reference) {
        enter("removeImage", reference);
        Optional<Image> image = find(reference);
        if (image.isEmpty()) {
            return true;
        }
        String id = image.get().id();
        boolean used = images.values().stream().anyMatch(i -> id.equals(i.parent()))
                || containers.values().stream().anyMatch(c -> find(c.spec.image())
                        .map(Image::id)
                        .filter(id::equals)
                        .isPresent());
        if (used) {
            return false;
        }
        images.remove(id);
        return true;
    }

    public void ensureNetwork(String name, Map<String, String> labels) {
        enter("ensureNetwork", name);
        networks.putIfAbsent(name, Map.copyOf(labels));
    }

    public boolean removeNetwork(String name) {
        enter("removeNetwork", name);
        boolean used = containers.values().stream()
                .anyMatch(
                        c -> c.spec.network() != null && c.spec.network().name().equals(name));
        if (!used) {
            networks.remove(name); // every copy, as the adapter removes each by id
            doubledNetworks.remove(name);
        }
        return !used;
    }

    public List<String> networks(Map<String, String> labels) {
        enter("networks", labels.toString());
        List<String> names = new ArrayList<>();
        for (String name : matching(networks, labels)) {
            names.add(name);
            if (doubledNetworks.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A second network named NAME with LABELS: the engine lists both, and refuses to remove either by name. */
    public void duplicateNetwork(String name, Map<String, String> labels) {
        networks.putIfAbsent(name, Map.copyOf(labels));
        doubledNetworks.add(name);
    }

    public Optional<Map<String, String>> volume(String name) {
        enter("volume", name);
        return Optional.ofNullable(volumes.get(name));
    }

    public void createVolume(String name, Map<String, String> labels) {
        enter("createVolume", name);
        volumes.put(name, Map.copyOf(labels));
    }

    public void removeVolume(String name) {
        enter("removeVolume", name);
        volumes.remove(name);
    }

    public List<String> volumes(Map<String, String> labels) {
        enter("volumes", labels.toString());
        return matching(volumes, labels);
    }

    public RunResult exec(String containerId, List<String> command) {
        enter("exec", containerId, String.join(" ", command));
        Container container = container(containerId);
        for (ExecRule rule : execRules) {
            if (rule.match().test(container.spec)) {
                return rule.results().size() > 1
                        ? rule.results().remove(0)
                        : rule.results().get(0);
            }
        }
        return new RunResult(0, "");
    }

    public void pull(String reference, Consumer<String> output) {
        enter("pull", reference);
        output.accept(reference + ": pulled");
        addImage(reference, Map.of());
    }

    /** Commands run in containers matching MATCH give RESULTS in turn, the last one from then on. */
    public void onExec(Predicate<ContainerSpec> match, RunResult... results) {
        execRules.add(0, new ExecRule(match, new CopyOnWriteArrayList<>(List.of(results))));
    }

    public Map<String, Map<String, String>> networkLabels() {
        return Map.copyOf(networks);
    }

    public Map<String, Map<String, String>> volumeLabels() {
        return Map.copyOf(volumes);
    }

    private static List<String> matching(Map<String, Map<String, String>> named, Map<String, String> labels) {
        return named.entrySet().stream()
                .filter(e -> e.getValue().entrySet().containsAll(labels.entrySet()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        enter("close");
    }

    public EngineInfo info() {
        enter("info");
        return engineInfo;
    }

    public void tag(String reference, String repository, String tag) {
        enter("tag", reference, repository + ":" + tag);
        Image image = find(reference)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.ENGINE, "failed to tag the image " + reference + ": No such image: " + reference));
        aliases.put(repository + ":" + tag, image.id());
    }

    /** Pushes the image's layers: Preparing, Pushing (half, then all) and Pushed for each. */
    public void push(String image, RegistryAuth auth, Consumer<PushEvent> progress) {
        enter("push", image, auth.registry(), auth.username());
        pushAuths.add(auth);
        ImageInfo details = inspect(image);
        long layerSize = details.size() / Math.max(1, details.layers().size());
        for (int i = 0; i < details.layers().size(); i++) {
            String layer = String.format(Locale.ROOT, "%012x", i + 1);
            progress.accept(new PushEvent(layer, "Preparing", 0, 0));
            progress.accept(new PushEvent(layer, "Pushing", layerSize / 2, layerSize));
            progress.accept(new PushEvent(layer, "Pushing", layerSize, layerSize));
            progress.accept(new PushEvent(layer, "Pushed", 0, 0));
        }
        progress.accept(new PushEvent("", "latest: digest: sha256:feed size: 528", 0, 0));
    }

    // --- plumbing

    private Optional<Image> find(String reference) {
        Image byId = images.get(reference);
        if (byId != null) {
            return Optional.of(byId);
        }
        String aliased = aliases.get(reference);
        if (aliased != null && images.containsKey(aliased)) {
            return Optional.of(images.get(aliased));
        }
        return images.values().stream()
                .filter(i -> reference.equals(i.reference()))
                .findFirst();
    }

    private Container container(String containerId) {
        Container container = containers.get(containerId);
        if (container == null) {
            throw new SlugbuilderException(ExitCode.ENGINE, "No such container: " + containerId);
        }
        return container;
    }

    /** Records the call, then lets a scripted failure or gate act on it. */
    private void enter(String method, String... args) {
        calls.add(new Call(method, List.of(args)));
        Gate gate = gates.remove(method);
        if (gate != null) {
            gate.pass();
        }
        RuntimeException failure = failures.remove(method);
        if (failure != null) {
            throw failure;
        }
    }
}
