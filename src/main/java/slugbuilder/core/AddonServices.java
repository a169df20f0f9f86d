package slugbuilder.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.RunResult;
import slugbuilder.heroku.Sleeper;

/**
 * Runs an app's add-ons as service containers on the app's own network, each with its data in a
 * named volume, and waits until every one answers its protocol. What this command started goes
 * when its scope closes (or on Ctrl-C), unless {@link Services#keep} says it stays; the volumes
 * always stay, so data survives {@code stop} and {@code start}.
 */
public final class AddonServices {
    /** Which add-on attachment a service container or volume is for. */
    public static final String ADDON_LABEL = "slugbuilder.addon";
    /**
     * The service's generated password, kept on its data volume: the data was initialised with it,
     * so it must outlive containers, and whoever can read the label can read the data anyway.
     */
    public static final String PASSWORD_LABEL = "slugbuilder.addon.password";

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LAST_LINES = 15;

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final Duration readyTimeout;
    private final Sleeper sleeper;
    private final Path locks;

    public AddonServices(ContainerEngine engine, Console console, Cleanup cleanup) {
        this(engine, console, cleanup, READY_TIMEOUT, Sleeper.SYSTEM, AppLock.directory(System.getenv()));
    }

    AddonServices(
            ContainerEngine engine,
            Console console,
            Cleanup cleanup,
            Duration readyTimeout,
            Sleeper sleeper,
            Path locks) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.readyTimeout = readyTimeout;
        this.sleeper = sleeper;
        this.locks = locks;
    }

    /** The network every container of an app joins when it has add-ons. */
    public static String network(AppIdentity identity) {
        return "slugbuilder-" + identity.id();
    }

    public static String volume(AppIdentity identity, LocalAddon addon) {
        return AddonVolumes.name(identity, addon);
    }

    /** The running services: the network to join and the config vars Heroku would set. */
    public static final class Services {
        private final ContainerSpec.NetworkJoin network;
        private final Map<String, String> vars;
        private final Map<String, String> passwords;
        private final Cleanup scope;
        private final Cleanup.Action remove;

        private Services(
                ContainerSpec.NetworkJoin network,
                Map<String, String> vars,
                Map<String, String> passwords,
                Cleanup scope,
                Cleanup.Action remove) {
            this.network = network;
            this.vars = Map.copyOf(vars);
            this.passwords = Map.copyOf(passwords);
            this.scope = scope;
            this.remove = remove;
        }

        static Services none() {
            return new Services(null, Map.of(), Map.of(), null, null);
        }

        /** The network for the app's processes; null (the default bridge) when the app has no add-ons. */
        public ContainerSpec.NetworkJoin network() {
            return network;
        }

        public Map<String, String> vars() {
            return vars;
        }

        /**
         * The add-ons' config vars under the user's: .env, --env-file and --env win, as a config
         * var set by hand wins on Heroku.
         */
        public Map<String, String> withUserVars(Map<String, String> userVars) {
            Map<String, String> merged = new LinkedHashMap<>(vars);
            merged.putAll(userVars);
            return merged;
        }

        /** The generated password of ADDON's service, e.g. for its client shell. */
        public String password(LocalAddon addon) {
            return passwords.get(addon.attachment());
        }

        /** Leaves the services running after this command (start --detach): 'stop' ends them. */
        public void keep() {
            if (scope != null) {
                scope.keep(remove);
            }
        }
    }

    /**
     * Starts PLAN's services (reusing any already running for this app, e.g. under a detached
     * start), registered in this instance's cleanup, and returns once all answer. One command of
     * the app at a time does this ({@link AppLock}): a second one waits, then reuses them.
     */
    public Services up(AppIdentity identity, AddonPlan plan) {
        plan.warnings().forEach(console::warn);
        if (plan.isEmpty()) {
            return Services.none();
        }
        try (AppLock lock = AppLock.acquire(locks, identity, console)) {
            return upLocked(identity, plan);
        }
    }

    private Services upLocked(AppIdentity identity, AddonPlan plan) {
        Cleanup scope = cleanup;
        AddonVolumes volumes = new AddonVolumes(engine, console);
        volumes.check(identity, plan);
        String network = network(identity);
        String invocation = UUID.randomUUID().toString();
        List<String> named = engine.networksAndVolumes().networks(identity.appFilter()).stream()
                .filter(network::equals)
                .toList();
        if (named.size() > 1) {
            // left by two commands that ran at once before the lock, or by an older version
            if (!engine.networksAndVolumes().removeNetwork(network)) {
                throw duplicated(identity, named.size());
            }
            console.note("removed the " + named.size() + " copies of the app's network " + network
                    + " that two commands had created at once; it is made again once");
        }
        boolean networkExisted = named.size() == 1;
        // Ctrl-C may come while this thread is inside a create call: the undo waits for it, then bars new ones.
        Object starting = new Object();
        boolean[] stopped = {false};
        Cleanup.Action remove = scope.add("the add-on services", () -> {
            synchronized (starting) {
                stopped[0] = true;
                for (String id : engine.containers().list(Map.of(Labels.RUN, invocation))) {
                    engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE);
                }
                if (!networkExisted) {
                    engine.networksAndVolumes()
                            .removeNetwork(network); // stays while another command's containers use it
                }
            }
        });
        engine.networksAndVolumes().ensureNetwork(network, identity.labels("network"));
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        List<Started> started = new ArrayList<>();
        AddonImagePull images = new AddonImagePull(engine, console);
        for (LocalAddon planned : plan.addons()) {
            // the slow parts (a pull) stay outside the lock, so Ctrl-C never waits for them
            LocalAddon addon = images.require(planned);
            String password = volumes.password(identity, addon);
            synchronized (starting) {
                if (stopped[0]) {
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
                started.add(startOrReuse(identity, addon, password, network, invocation));
            }
        }
        for (Started service : started) {
            awaitReady(service);
            vars.putAll(service.addon().vars(service.password(), answersTls(service)));
            passwords.put(service.addon().attachment(), service.password());
        }
        return new Services(new ContainerSpec.NetworkJoin(network, List.of()), vars, passwords, scope, remove);
    }

    record Started(LocalAddon addon, String containerId, String password, long since, boolean reused) {}

    private Started startOrReuse(
            AppIdentity identity, LocalAddon addon, String password, String network, String invocation) {
        Map<String, String> filter = new LinkedHashMap<>(identity.appFilter());
        filter.put(ADDON_LABEL, addon.attachment());
        String volume = volume(identity, addon);
        for (String id : engine.containers().list(filter)) {
            if (engine.containers().isRunning(id)) {
                console.step("Add-on " + describe(addon) + " is already running");
                return new Started(addon, id, password, System.nanoTime(), true);
            }
            engine.containers().remove(id); // a service that ended on its own: start afresh on the same data
        }
        Map<String, String> labels = new LinkedHashMap<>(identity.labels("addon"));
        labels.put(ADDON_LABEL, addon.attachment());
        labels.put(Labels.RUN, invocation);
        List<String> env = new ArrayList<>();
        addon.env(password).forEach((k, v) -> env.add(k + "=" + v));
        ContainerSpec spec = new ContainerSpec(
                        addon.image(), addon.command(password), null, env, null, Map.of(), Map.of(), labels)
                .withRole("the " + addon.attachment() + " service (" + addon.name() + ")")
                .withNetwork(new ContainerSpec.NetworkJoin(network, List.of(addon.host())))
                .withVolumes(
                        addon.service().data() == null
                                ? Map.of()
                                : Map.of(volume, addon.service().data()));
        long since = System.nanoTime();
        String id = engine.containers().create(spec);
        engine.containers().start(id);
        console.step("Started add-on " + describe(addon) + " from " + addon.image());
        return new Started(addon, id, password, since, false);
    }

    /**
     * Two networks of the app's name: left by two commands that ran at once before the lock, or
     * by an older version. The engine refuses the ambiguous name, and removing them needs their
     * ids, which this port does not give: the hint names the command that does.
     */
    static SlugbuilderException duplicated(AppIdentity identity, long copies) {
        return new SlugbuilderException(
                ExitCode.ENGINE,
                "the app's network " + network(identity) + " exists " + copies
                        + " times (two commands of the app created it at once)",
                removeDuplicates(identity));
    }

    /** The command that removes every network of the app by id, duplicates included. */
    static String removeDuplicates(AppIdentity identity) {
        return "run 'slugbuilder stop', then: docker network rm $(docker network ls -q --filter label="
                + AppIdentity.APP_LABEL + "=" + identity.id() + ")";
    }

    static String describe(LocalAddon addon) {
        return addon.attachment() + " (" + addon.name() + ", " + addon.service().title() + ")";
    }

    /** Polls the service's own protocol until it answers; a service that ends or never answers is an error. */
    void awaitReady(Started service) {
        LocalAddon addon = service.addon();
        long deadline = service.since() + readyTimeout.toNanos();
        List<String> probe = List.of("bash", "-c", addon.ready(service.password()));
        while (true) {
            if (!engine.containers().isRunning(service.containerId())) {
                throw notReady(service, "ended before it answered");
            }
            if (answers(service, probe)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw notReady(service, "did not answer within " + readyTimeout.toSeconds() + " s");
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
        }
        if (!service.reused()) {
            console.step(String.format(
                    Locale.ROOT,
                    "Add-on %s answers (%.1f s)",
                    addon.attachment(),
                    (System.nanoTime() - service.since()) / 1e9));
        }
    }

    /**
     * Whether the service answers on the TLS port its config var names (heroku-redis's rediss://).
     * Both ports open together, so one probe after readiness tells. An image with no openssl has
     * no certificate and so no TLS port: the app gets the plain URL, with a warning, not a URL
     * whose port is closed.
     */
    boolean answersTls(Started service) {
        LocalAddon addon = service.addon();
        if (!addon.wantsTls()) {
            return true;
        }
        RunResult result = engine.containers()
                .exec(service.containerId(), List.of("bash", "-c", addon.tlsReady(service.password())));
        if (result.exitCode() == 0) {
            return true;
        }
        console.warn("the add-on " + describe(addon) + " answers without TLS on its image " + addon.image()
                + " (it has no openssl to make a certificate with, or a client without TLS); "
                + String.join(", ", addon.tlsVars()) + " gives its plain URL, not Heroku's TLS one");
        return false;
    }

    /** One readiness probe; a service that ends under it is that failure, with its last output. */
    private boolean answers(Started service, List<String> probe) {
        RunResult result;
        try {
            result = engine.containers().exec(service.containerId(), probe);
        } catch (SlugbuilderException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED || engine.containers().isRunning(service.containerId())) {
                throw e;
            }
            throw notReady(service, "ended before it answered");
        }
        Optional<String> missing = MissingTool.in(result);
        if (missing.isPresent()) {
            LocalAddon addon = service.addon();
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "the add-on " + describe(addon) + " cannot be checked: its image " + addon.image() + " has no "
                            + missing.get() + ", which the readiness check runs",
                    "choose an image of " + addon.service().title() + " that has " + missing.get() + " (the official "
                            + addon.kind() + " image, or 'slugbuilder stack build --addons')");
        }
        return result.exitCode() == 0;
    }

    private SlugbuilderException notReady(Started service, String what) {
        List<String> logs = engine.containers().logs(service.containerId());
        logs.subList(Math.max(0, logs.size() - LAST_LINES), logs.size())
                .forEach(line -> console.log(service.addon().host(), line));
        return new SlugbuilderException(
                ExitCode.ENGINE,
                "the add-on " + describe(service.addon()) + " " + what,
                "its last output is above; check the image (" + service.addon().image() + ") and its data volume");
    }
}
