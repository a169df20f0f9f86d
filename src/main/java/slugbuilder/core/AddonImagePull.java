package slugbuilder.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.LocalAddon;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.engine.PullFailedException;
import slugbuilder.stack.AddonImageBuilder;

/**
 * Gets an add-on service's image into the engine: present, else pulled. When the official image
 * cannot be pulled and the stack's own image of that kind is there ({@code stack build --addons},
 * built for machines that cannot pull), that one runs instead, with a note; an image the user
 * chose is never replaced.
 */
final class AddonImagePull {
    private final ContainerEngine engine;
    private final Console console;

    AddonImagePull(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /** ADDON, with the image its service runs from, which is then in the engine. */
    LocalAddon require(LocalAddon addon) {
        if (engine.images().imageId(addon.image()).isPresent()) {
            return addon;
        }
        console.step("Pulling " + addon.image() + " for the add-on " + addon.attachment());
        try {
            engine.images().pull(addon.image(), console::detail);
            return addon;
        } catch (PullFailedException e) {
            String reason = e.reason();
            if (official(addon)) {
                List<String> own = stackImages(addon.kind());
                if (!own.isEmpty()) {
                    console.note(addon.image() + " cannot be pulled (" + reason + "); the add-on " + addon.attachment()
                            + " runs the stack's own " + addon.kind() + " image " + own.get(0)
                            + " (slugbuilder stack build --addons)");
                    return addon.withImage(own.get(0));
                }
            }
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to pull " + addon.image() + ", the image of the add-on " + addon.attachment() + " ("
                            + addon.name() + "): " + reason,
                    official(addon)
                            ? "where images cannot be pulled, build local ones with 'slugbuilder stack build --addons';"
                                    + " they are used when present (or choose one with --addon-image " + addon.kind()
                                    + "=IMAGE)"
                            : "check the image chosen for " + addon.name()
                                    + " (--addon-image or SLUGBUILDER_ADDON_IMAGES)",
                    e);
        }
    }

    /** Whether ADDON runs its service's official image (tagged or not), not one the user chose. */
    private static boolean official(LocalAddon addon) {
        String image = addon.service().image();
        return image != null && (addon.image().equals(image) || addon.image().startsWith(image + ":"));
    }

    /** The tagged images 'stack build --addons' made for KIND, in name order. */
    private List<String> stackImages(String kind) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.of("addon"));
        labels.put(AddonImageBuilder.ADDON_LABEL, kind);
        return engine.images().list(labels).stream()
                .filter(reference -> !reference.startsWith("sha256:"))
                .sorted()
                .toList();
    }
}
