package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AddonRequest;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;

/** The add-ons of app.json and the images they run from, for the commands that run an app's processes. */
final class AddonOptions {
    @Option(
            names = "--addon-image",
            paramLabel = "ADDON=IMAGE",
            description = "The image an add-on (heroku-postgresql) or a service (postgres, redis, mysql, memcached,"
                    + " elasticsearch) runs from; wins over " + ChosenAddonImages.ENVIRONMENT
                    + " and the official images. Repeatable.")
    List<String> images = new ArrayList<>();

    /** APP's add-ons as they run here; app.json's errors and the image choices are checked before any work. */
    AddonPlan plan(AppDir app, Map<String, String> environment) {
        return plan(AppJson.addons(app), environment);
    }

    /** The add-ons of one environment's app.json (the top level, or with environments.NAME laid over it). */
    AddonPlan plan(AppManifest manifest, Map<String, String> environment) {
        return plan(manifest.addons(), environment);
    }

    /** REQUESTS (an app.json environment's add-ons) as they run here, with the images chosen. */
    AddonPlan plan(List<AddonRequest> requests, Map<String, String> environment) {
        String chosenByEnvironment = environment.get(ChosenAddonImages.ENVIRONMENT);
        if (requests.isEmpty() && images.isEmpty() && chosenByEnvironment == null) {
            return AddonPlan.none(); // most apps: no catalog to read on start's path
        }
        AddonCatalog catalog = AddonCatalog.builtIn();
        ChosenAddonImages chosen = ChosenAddonImages.of(chosenByEnvironment, images, catalog);
        return AddonPlan.of(requests, catalog, chosen);
    }
}
