package slugbuilder.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;

/**
 * Add-on services for one run that keeps nothing (a test run, as Heroku CI's disposable app):
 * every service starts fresh on a network of the run's own, with no named volume (its data lives
 * in the container and goes with it), and all of it is removed when the scope closes or on
 * Ctrl-C. Shared add-ons run once for every dyno of the run; in-dyno ones (Heroku CI's
 * {@code heroku-postgresql:in-dyno}) once per dyno, known there by a name of that dyno's own.
 * Nothing here is reused by, or reuses, the services a {@code start} of the same app runs.
 */
public final class RunAddonServices {
    /** The kind label of a run's service containers: not {@code addon}, so no {@code start} takes them for its own. */
    static final String KIND = "run-addon";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final AddonServices readiness;

    public RunAddonServices(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.readiness = new AddonServices(engine, console, cleanup);
    }

    /**
     * The running services of a run: the network every dyno joins, and each dyno's config vars
     * from the add-ons (the shared ones', then its in-dyno ones').
     */
    public record Started(ContainerSpec.NetworkJoin network, List<Map<String, String>> dynoVars) {
        public Started {
            dynoVars = List.copyOf(dynoVars);
        }
    }

    /**
     * Starts SHARED once and IN_DYNO once for each of DYNOS (names such as test.1), on a network
     * named after RUN, and returns once every one answers. The network and the services are
     * removed when this instance's cleanup scope closes.
     */
    public Started up(AppIdentity identity, String run, AddonPlan shared, AddonPlan inDyno, List<String> dynos) {
        shared.warnings().forEach(console::warn);
        inDyno.warnings().forEach(console::warn);
        String network = "slugbuilder-" + identity.id() + "-" + run;
        Object starting = new Object();
        boolean[] stopped = {false};
        cleanup.add("the run's add-on services and network", () -> {
            synchronized (starting) {
                stopped[0] = true;
                for (String id : engine.containers().list(Map.of(Labels.RUN, run))) {
                    engine.containers().remove(id); // its data goes with it: nothing is kept
                }
                engine.networksAndVolumes().removeNetwork(network);
            }
        });
        engine.networksAndVolumes().ensureNetwork(network, identity.labels("network"));
        AddonImagePull images = new AddonImagePull(engine, console);
        Map<String, LocalAddon> pulled = new HashMap<>();
        List<AddonServices.Started> started = new ArrayList<>();
        List<AddonServices.Started> sharedStarted = new ArrayList<>();
        List<List<AddonServices.Started>> perDyno = new ArrayList<>();
        for (LocalAddon addon : shared.addons()) {
            AddonServices.Started service = start(identity, run, network, images, pulled, addon, starting, stopped);
            started.add(service);
            sharedStarted.add(service);
        }
        for (String dyno : dynos) {
            List<AddonServices.Started> own = new ArrayList<>();
            for (LocalAddon addon : inDyno.addons()) {
                LocalAddon copy = new LocalAddon(
                        addon.name(),
                        addon.attachment(),
                        addon.host() + "-" + dyno.replace('.', '-'),
                        addon.kind(),
                        addon.service(),
                        addon.image(),
                        addon.vars(),
                        addon.line());
                AddonServices.Started service = start(identity, run, network, images, pulled, copy, starting, stopped);
                started.add(service);
                own.add(service);
            }
            perDyno.add(own);
        }
        Map<AddonServices.Started, Map<String, String>> vars = new HashMap<>();
        for (AddonServices.Started service : started) {
            readiness.awaitReady(service);
            vars.put(service, service.addon().vars(service.password(), readiness.answersTls(service)));
        }
        Map<String, String> sharedVars = new LinkedHashMap<>();
        sharedStarted.forEach(service -> sharedVars.putAll(vars.get(service)));
        List<Map<String, String>> dynoVars = new ArrayList<>();
        for (List<AddonServices.Started> own : perDyno) {
            Map<String, String> merged = new LinkedHashMap<>(sharedVars);
            own.forEach(service -> merged.putAll(vars.get(service)));
            dynoVars.add(merged);
        }
        return new Started(new ContainerSpec.NetworkJoin(network, List.of()), dynoVars);
    }

    private AddonServices.Started start(
            AppIdentity identity,
            String run,
            String network,
            AddonImagePull images,
            Map<String, LocalAddon> pulled,
            LocalAddon planned,
            Object starting,
            boolean[] stopped) {
        // the slow part (a pull) stays outside the lock, so Ctrl-C never waits for it
        String image = pulled.computeIfAbsent(planned.image(), name -> images.require(planned))
                .image();
        LocalAddon addon = planned.withImage(image);
        String password = newPassword();
        Map<String, String> labels = new LinkedHashMap<>(identity.labels(KIND));
        labels.put(Labels.RUN, run);
        List<String> env = new ArrayList<>();
        addon.env(password).forEach((k, v) -> env.add(k + "=" + v));
        addon.service().throwawayEnv().forEach((k, v) -> env.add(k + "=" + v)); // its data goes with it
        ContainerSpec spec = new ContainerSpec(
                        addon.image(), addon.command(password), null, env, null, Map.of(), Map.of(), labels)
                .withRole("the " + addon.host() + " service (" + addon.name() + ")")
                .withNetwork(new ContainerSpec.NetworkJoin(network, List.of(addon.host())));
        synchronized (starting) {
            if (stopped[0]) {
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
            long since = System.nanoTime();
            String id = engine.containers().create(spec);
            engine.containers().start(id);
            console.step("Started add-on " + addon.attachment() + " as " + addon.host() + " (" + addon.name() + ", "
                    + addon.service().title() + ", fresh) from " + addon.image());
            return new AddonServices.Started(addon, id, password, since, false);
        }
    }

    private static String newPassword() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
