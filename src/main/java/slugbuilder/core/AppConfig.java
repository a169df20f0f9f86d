package slugbuilder.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.appjson.EnvVar;

/**
 * app.json's {@code env} for one run: the layers of a process's config vars, lowest first,
 *
 * <ol>
 *   <li>app.json's {@code value};
 *   <li>a generated secret ({@code "generator": "secret"}, kept by {@link AppSecrets});
 *   <li>the add-ons' variables ({@code DATABASE_URL}, ...);
 *   <li>the user's: {@code --heroku-config}'s, then {@code .env}, {@code --env-file}, {@code --env}
 *       (merged by {@link ConfigVars}).
 * </ol>
 *
 * A required variable that no layer gives stops the command, before anything is built or started,
 * with one error naming every such variable. An optional one without a value stays unset.
 */
public final class AppConfig {
    private AppConfig() {}

    /**
     * The config vars to hand to {@link AddonServices.Services#withUserVars}: USER_VARS laid over
     * MANIFEST's values and generated secrets, with what the add-ons set (ADDON_VARS, by name) left
     * to them. Checks the required variables first, so a missing one makes no secret. SECRETS is read
     * (and written) only when a generated variable is not set otherwise; it takes the app's lock, so
     * do not call this while holding it.
     *
     * @throws SlugbuilderException (bad input, naming app.json and the line) when a required variable has no value
     */
    public static Map<String, String> resolve(
            AppManifest manifest, Set<String> addonVars, Map<String, String> userVars, AppSecrets secrets) {
        requireValues(manifest, addonVars, userVars);
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> toGenerate = new ArrayList<>();
        for (EnvVar var : manifest.env().values()) {
            if (userVars.containsKey(var.name()) || addonVars.contains(var.name())) {
                continue; // a higher layer sets it
            }
            if (var.generated()) {
                toGenerate.add(var.name());
            } else if (hasValue(var)) {
                vars.put(var.name(), var.value());
            }
        }
        if (!toGenerate.isEmpty()) {
            vars.putAll(secrets.secrets(toGenerate));
        }
        vars.putAll(userVars);
        return vars;
    }

    /** The names of the config vars PLAN's add-ons set, known before any of them runs. */
    public static Set<String> addonVars(AddonPlan plan) {
        Set<String> names = new LinkedHashSet<>();
        for (LocalAddon addon : plan.addons()) {
            names.addAll(addon.vars().keySet());
        }
        return names;
    }

    /**
     * Stops when a required variable has no value anywhere: not in app.json ("" counts as none, as
     * Heroku's form refuses an empty required field), not generated, not set by an add-on or the user.
     */
    static void requireValues(AppManifest manifest, Set<String> addonVars, Map<String, String> userVars) {
        List<EnvVar> missing = manifest.env().values().stream()
                .filter(EnvVar::required)
                .filter(var -> !hasValue(var) && !var.generated())
                .filter(var -> !userVars.containsKey(var.name()) && !addonVars.contains(var.name()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (EnvVar var : missing) {
            String where = missing.size() == 1 ? "" : "line " + var.line();
            String about =
                    var.description().isBlank() ? where : (where.isEmpty() ? "" : where + ": ") + var.description();
            named.add(about.isEmpty() ? var.name() : var.name() + " (" + about + ")");
        }
        String first = missing.get(0).name();
        throw SlugbuilderException.badFile(
                AppJson.NAME,
                missing.get(0).line(),
                (missing.size() == 1 ? "the required config var " : "the required config vars ")
                        + String.join(", ", named) + (missing.size() == 1 ? " has" : " have") + " no value",
                "set " + (missing.size() == 1 ? "it" : "each") + " in .env (" + first + "=...) or with --env " + first
                        + "=..., or give it a \"value\" (or \"required\": false) in app.json");
    }

    private static boolean hasValue(EnvVar var) {
        return var.value() != null && !var.value().isEmpty();
    }
}
