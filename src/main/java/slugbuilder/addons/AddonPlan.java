package slugbuilder.addons;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import slugbuilder.SlugbuilderException;
import slugbuilder.Spelling;
import slugbuilder.appjson.AddonRequest;
import slugbuilder.appjson.AppJson;

/**
 * The add-ons of an app that run here, with Heroku's attachment names, and the ones that cannot
 * (named in warnings, never dropped silently).
 */
public record AddonPlan(List<LocalAddon> addons, List<String> warnings) {

    public AddonPlan {
        addons = List.copyOf(addons);
        warnings = List.copyOf(warnings);
    }

    public static AddonPlan none() {
        return new AddonPlan(List.of(), List.of());
    }

    public boolean isEmpty() {
        return addons.isEmpty();
    }

    /**
     * Heroku's naming: an add-on's first attachment takes the default name (DATABASE, REDIS) unless
     * {@code as} names it; a second one of the same kind gets a color instead. Heroku Postgres also
     * gives every database HEROKU_POSTGRESQL_COLOR_URL.
     */
    public static AddonPlan of(List<AddonRequest> requests, AddonCatalog catalog, ChosenAddonImages images) {
        List<LocalAddon> addons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> attachments = new HashSet<>();
        Map<String, Integer> colorsUsed = new HashMap<>();
        for (AddonRequest request : requests) {
            var known = catalog.addon(request.name());
            if (known.isEmpty()) {
                requireNoTypo(request, catalog);
                warnings.add("app.json:" + request.line() + ": the add-on " + request.name()
                        + " has no local service; its config vars are not set (set them in .env)");
                continue;
            }
            AddonCatalog.Addon addon = known.get();
            AddonCatalog.Service service = catalog.service(addon.service());
            String image = imageOf(request, addon, service, images);
            if (image == null) {
                warnings.add("app.json:" + request.line() + ": " + request.name() + " needs an image for "
                        + service.title() + "; not started (choose one with --addon-image " + request.name()
                        + "=IMAGE)");
                continue;
            }
            String colorPrefix = addon.colorPrefix() != null
                    ? addon.colorPrefix()
                    : request.name().toUpperCase(Locale.ROOT).replace('-', '_');
            int colorIndex = colorsUsed.merge(colorPrefix, 1, Integer::sum) - 1;
            String color = colorPrefix + "_"
                    + catalog.colors().get(colorIndex % catalog.colors().size());
            String attachment;
            if (request.as() != null) {
                attachment = request.as();
            } else if (!attachments.contains(addon.attachment())) {
                attachment = addon.attachment();
            } else {
                attachment = color;
            }
            if (!attachments.add(attachment)) {
                throw SlugbuilderException.badFile(
                        AppJson.NAME,
                        request.line(),
                        "a second add-on is attached as " + attachment,
                        "give each add-on its own \"as\" name");
            }
            Map<String, String> vars = new LinkedHashMap<>();
            addon.vars().forEach((suffix, value) -> vars.put(attachment + "_" + suffix, value));
            if (addon.colorPrefix() != null) {
                addon.vars().forEach((suffix, value) -> vars.putIfAbsent(color + "_" + suffix, value));
            }
            String host = attachment.toLowerCase(Locale.ROOT).replace('_', '-');
            addons.add(new LocalAddon(
                    request.name(), attachment, host, addon.service(), service, image, vars, request.line()));
        }
        return new AddonPlan(addons, warnings);
    }

    /**
     * An unknown add-on within a typo of one slugbuilder runs is refused with the name it meant: as a
     * warning it would start the app without its database. Heroku refuses an unknown add-on too.
     */
    private static void requireNoTypo(AddonRequest request, AddonCatalog catalog) {
        Spelling.closest(request.name(), catalog.addons().keySet()).ifPresent(meant -> {
            throw SlugbuilderException.badFile(
                    AppJson.NAME,
                    request.line(),
                    "there is no add-on " + request.name() + "; did you mean " + meant + "?",
                    null);
        });
    }

    /** The user's choice, else the official image tagged with the requested version. */
    private static String imageOf(
            AddonRequest request, AddonCatalog.Addon addon, AddonCatalog.Service service, ChosenAddonImages images) {
        String chosen = images.imageFor(request.name(), addon.service());
        if (chosen != null) {
            return chosen;
        }
        if (service.image() == null) {
            return null;
        }
        return request.version() == null ? service.image() : service.image() + ":" + request.version();
    }
}
