package slugbuilder.addons;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The images a user chose for add-ons, by add-on ("heroku-postgresql") or by service
 * ("postgres"): {@code SLUGBUILDER_ADDON_IMAGES=KEY=IMAGE,...}, then each
 * {@code --addon-image KEY=IMAGE} (later wins).
 */
public record ChosenAddonImages(Map<String, String> chosen) {
    public static final String ENVIRONMENT = "SLUGBUILDER_ADDON_IMAGES";

    public ChosenAddonImages {
        chosen = Map.copyOf(chosen);
    }

    public static ChosenAddonImages none() {
        return new ChosenAddonImages(Map.of());
    }

    public static ChosenAddonImages of(String environment, List<String> options, AddonCatalog catalog) {
        Map<String, String> chosen = new LinkedHashMap<>();
        if (environment != null && !environment.isBlank()) {
            for (String pair : environment.split(",")) {
                put(chosen, pair.trim(), ENVIRONMENT, catalog);
            }
        }
        for (String option : options) {
            put(chosen, option, "--addon-image", catalog);
        }
        return new ChosenAddonImages(chosen);
    }

    private static void put(Map<String, String> chosen, String pair, String source, AddonCatalog catalog) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    source + ": expected ADDON=IMAGE, got '" + pair + "'",
                    "e.g. heroku-postgresql=postgres:16 or postgres=slugbuilder/stack:bookworm-postgres");
        }
        String key = pair.substring(0, eq);
        if (!catalog.addons().containsKey(key) && !catalog.services().containsKey(key)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    source + ": '" + key + "' is neither an add-on nor a service slugbuilder runs",
                    "name an add-on (" + String.join(", ", catalog.addons().keySet()) + ") or a service ("
                            + String.join(", ", catalog.services().keySet()) + ")");
        }
        chosen.put(key, pair.substring(eq + 1));
    }

    /** The user's image for an add-on NAME of service KIND: by add-on first, then by service. */
    public String imageFor(String name, String kind) {
        return chosen.getOrDefault(name, chosen.get(kind));
    }
}
