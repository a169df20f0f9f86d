package slugbuilder.appjson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an app's app.json asks of the platform, for one environment (the top level, or the top
 * level with {@code environments.test} or {@code environments.review} laid over it).
 *
 * @param env        the config vars the app declares, by name in file order
 * @param scripts    postdeploy, pr-predestroy, test-setup and test, by name
 * @param formation  process type to its quantity and size
 * @param buildpacks in the order the app lists them
 */
public record AppManifest(
        List<AddonRequest> addons,
        Map<String, EnvVar> env,
        Map<String, Script> scripts,
        Map<String, FormationEntry> formation,
        List<Buildpack> buildpacks) {

    public static final AppManifest EMPTY = new AppManifest(List.of(), Map.of(), Map.of(), Map.of(), List.of());

    public AppManifest {
        addons = List.copyOf(addons);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        scripts = Map.copyOf(scripts);
        formation = Collections.unmodifiableMap(new LinkedHashMap<>(formation));
        buildpacks = List.copyOf(buildpacks);
    }

    public Optional<Script> script(String name) {
        return Optional.ofNullable(scripts.get(name));
    }

    /**
     * This manifest with OVERLAY's sections laid over it, as Heroku reads {@code environments.NAME}:
     * {@code env}, {@code scripts} and {@code formation} are merged name by name (the overlay's entry
     * wins); {@code addons} and {@code buildpacks}, being lists, are replaced whole when given.
     */
    AppManifest overlaidWith(AppManifest overlay, boolean hasAddons, boolean hasBuildpacks) {
        Map<String, EnvVar> mergedEnv = new LinkedHashMap<>(env);
        mergedEnv.putAll(overlay.env);
        Map<String, Script> mergedScripts = new LinkedHashMap<>(scripts);
        mergedScripts.putAll(overlay.scripts);
        Map<String, FormationEntry> mergedFormation = new LinkedHashMap<>(formation);
        mergedFormation.putAll(overlay.formation);
        return new AppManifest(
                hasAddons ? overlay.addons : addons,
                mergedEnv,
                mergedScripts,
                mergedFormation,
                hasBuildpacks ? overlay.buildpacks : buildpacks);
    }
}
