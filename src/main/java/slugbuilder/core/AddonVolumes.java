package slugbuilder.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.appjson.AppJson;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;

/**
 * The add-ons' data volumes: one per attachment, labelled at creation with the service that made
 * it and the password its data was initialised with. One service's files are never handed to
 * another: an attachment switched to another kind (Postgres to MySQL under one {@code as}) is
 * refused before any service starts.
 */
final class AddonVolumes {
    /**
     * The service (catalog name: postgres, redis, mysql) that made a volume. Volumes from before
     * this label have none; they are taken for the service asking, as they were then, with a
     * warning, since a volume's labels cannot be added afterwards.
     */
    static final String SERVICE_LABEL = "slugbuilder.addon.service";

    private final ContainerEngine engine;
    private final Console console;

    AddonVolumes(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    static String name(AppIdentity identity, LocalAddon addon) {
        return "slugbuilder-" + identity.id() + "-" + addon.host();
    }

    /** Refuses, before anything starts, a volume another service made or slugbuilder did not make. */
    void check(AppIdentity identity, AddonPlan plan) {
        for (LocalAddon addon : plan.addons()) {
            if (addon.service().data() == null) {
                continue;
            }
            String volume = name(identity, addon);
            Optional<Map<String, String>> labels = engine.networksAndVolumes().volume(volume);
            if (labels.isEmpty()) {
                continue;
            }
            if (!labels.get().containsKey(AddonServices.PASSWORD_LABEL)) {
                // a volume without our label was not made by slugbuilder: never write into it
                throw notOurs(volume);
            }
            String madeBy = labels.get().get(SERVICE_LABEL);
            if (madeBy == null) {
                console.warn("the data volume " + volume + " of " + addon.attachment()
                        + " predates slugbuilder's record of the service that made it; it is used as "
                        + addon.service().title() + " data (if it is not, 'slugbuilder clean --volumes' removes it)");
            } else if (!madeBy.equals(addon.kind())) {
                throw SlugbuilderException.badFile(
                        AppJson.NAME,
                        addon.line(),
                        addon.attachment() + " is " + addon.name() + " (" + addon.kind() + ") now, but its data volume "
                                + volume + " holds " + madeBy + " data",
                        "remove the old data with 'slugbuilder clean --volumes', or give the add-on another \"as\""
                                + " name");
            }
        }
    }

    /**
     * The password the add-on's data volume was made with; a new volume gets a new one. A service
     * that keeps no data (memcached) gets no volume and a password for this run only.
     */
    String password(AppIdentity identity, LocalAddon addon) {
        if (addon.service().data() == null) {
            return newPassword();
        }
        String volume = name(identity, addon);
        Optional<Map<String, String>> labels = engine.networksAndVolumes().volume(volume);
        if (labels.isPresent() && labels.get().containsKey(AddonServices.PASSWORD_LABEL)) {
            return labels.get().get(AddonServices.PASSWORD_LABEL);
        }
        if (labels.isPresent()) {
            throw notOurs(volume);
        }
        String password = newPassword();
        Map<String, String> volumeLabels = new LinkedHashMap<>(identity.labels("addon-data"));
        volumeLabels.put(AddonServices.ADDON_LABEL, addon.attachment());
        volumeLabels.put(SERVICE_LABEL, addon.kind());
        volumeLabels.put(AddonServices.PASSWORD_LABEL, password);
        engine.networksAndVolumes().createVolume(volume, volumeLabels);
        return password;
    }

    private static SlugbuilderException notOurs(String volume) {
        return new SlugbuilderException(
                ExitCode.ENGINE,
                "the volume " + volume + " exists but slugbuilder did not make it",
                "remove it (docker volume rm " + volume + ") or rename the app's directory");
    }

    private static String newPassword() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
