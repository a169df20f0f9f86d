package slugbuilder.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.appjson.Script;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;

/**
 * app.json's {@code scripts.postdeploy}: run once against the app's add-on data, as Heroku runs it
 * once after it creates the app. That it ran is kept on a small volume of the app's, labelled with
 * a fingerprint of the data volumes (their names and the passwords they were made with): it goes
 * with the data on {@code clean --volumes}, and data made afresh (another add-on, a volume removed
 * by hand) no longer matches it. A failure is not recorded (a forced run that fails removes the
 * record), so the next start tries again.
 */
final class Postdeploy {
    /** The fingerprint of the add-on data the script ran against. */
    static final String DATA_LABEL = "slugbuilder.postdeploy.data";

    private static final String RECORD = ".postdeploy-done";

    private final ContainerEngine engine;
    private final Console console;

    Postdeploy(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /** The volume that records that postdeploy ran for the app. */
    static String record(AppIdentity identity) {
        return "slugbuilder-" + identity.id() + RECORD;
    }

    static boolean isRecord(String volume) {
        return volume.endsWith(RECORD);
    }

    /**
     * Runs SCRIPT through RUNNER unless it ran against this data already (FORCE: whatever it
     * did); returns its exit code, 0 when it did not run. Call it once the add-on services are up.
     */
    int runIfDue(Script script, boolean force, AppIdentity identity, AddonPlan plan, ToIntFunction<Script> runner) {
        String fingerprint = fingerprint(identity, plan);
        Optional<Map<String, String>> recorded = engine.networksAndVolumes().volume(record(identity));
        boolean ran = recorded.map(labels -> fingerprint.equals(labels.get(DATA_LABEL)))
                .orElse(false);
        if (ran && !force) {
            console.step("postdeploy ran against this app's add-on data already; 'start --postdeploy' runs it again");
            return 0;
        }
        console.step("Running postdeploy: " + script.command());
        int code = runner.applyAsInt(script);
        if (recorded.isPresent()) {
            // a failed run (--postdeploy) is the last word on this data: the next start tries again
            engine.networksAndVolumes().removeVolume(record(identity));
        }
        if (code != 0) {
            console.step("postdeploy failed with code " + code
                    + "; nothing else was started, and it runs again on the next start");
            return code;
        }
        Map<String, String> labels = new LinkedHashMap<>(identity.labels("postdeploy"));
        labels.put(DATA_LABEL, fingerprint);
        engine.networksAndVolumes().createVolume(record(identity), labels);
        return 0;
    }

    /** The add-on data volumes the app's services run on: each one's name and the password it was made with. */
    private String fingerprint(AppIdentity identity, AddonPlan plan) {
        Map<String, String> volumes = new TreeMap<>();
        for (LocalAddon addon : plan.addons()) {
            if (addon.service().data() == null) {
                continue; // no data kept (memcached)
            }
            String volume = AddonServices.volume(identity, addon);
            volumes.put(
                    volume,
                    engine.networksAndVolumes()
                            .volume(volume)
                            .map(labels -> labels.getOrDefault(AddonServices.PASSWORD_LABEL, ""))
                            .orElse(""));
        }
        return AppIdentity.sha256(volumes.toString()).substring(0, 16);
    }
}
