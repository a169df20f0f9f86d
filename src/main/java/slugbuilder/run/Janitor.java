package slugbuilder.run;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppLock;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.engine.ContainerEngine;

/** {@code stop} and {@code clean}: finds what slugbuilder created by its labels and removes it. */
public final class Janitor {
    private final ContainerEngine engine;
    private final Console console;

    public Janitor(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /** Stops and removes the containers matching FILTER; returns how many. */
    public int removeContainers(Map<String, String> filter) {
        List<String> ids = engine.containers().list(filter);
        for (String id : ids) {
            engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE);
        }
        console.step("Removed " + ids.size() + " container" + (ids.size() == 1 ? "" : "s"));
        return ids.size();
    }

    /** {@code stop}: the containers matching FILTER, add-on services included, then their networks. */
    public void stop(Map<String, String> filter) {
        removeContainers(filter);
        removeNetworks(filter);
    }

    /**
     * A name listed twice is a network two commands created at once (before {@link AppLock}, or
     * an older version): removing the name removes every copy, with a note.
     */
    private void removeNetworks(Map<String, String> filter) {
        List<String> names = engine.networksAndVolumes().networks(filter);
        for (String network : new LinkedHashSet<>(names)) {
            int copies = Collections.frequency(names, network);
            boolean removed = engine.networksAndVolumes().removeNetwork(network); // every copy of the name
            if (copies > 1 && removed) {
                console.note("removed the " + copies + " copies of the network " + network
                        + " that two commands had created at once");
            }
        }
    }

    /**
     * {@code clean}'s add-on data: kept unless VOLUMES says so, as Compose keeps named volumes on
     * {@code down} and removes them on {@code down -v}.
     */
    public void cleanVolumes(Map<String, String> filter, boolean volumes) {
        List<String> found = engine.networksAndVolumes().volumes(filter);
        long data =
                found.stream().filter(volume -> !Postdeploy.isRecord(volume)).count();
        String count = data + " add-on data volume" + (data == 1 ? "" : "s");
        if (!volumes) {
            if (data > 0) {
                console.note("kept " + count + " (the add-ons' data); 'clean --volumes' removes them");
            }
            return;
        }
        if (found.isEmpty()) {
            return;
        }
        found.forEach(engine.networksAndVolumes()::removeVolume);
        console.step("Removed " + count + (data < found.size() ? " and the record that postdeploy ran" : ""));
    }

    /**
     * Removes the containers, then the images, matching FILTER. Stack images stay: an app image
     * inherits the stack's labels, so a stack image is one that carries no app label. With
     * EVERY_APP, the untagged steps failed builds left on a stack go too (they carry no app
     * label: the engine sets a build's labels only at its end).
     */
    public void clean(Map<String, String> filter, boolean everyApp) {
        stop(filter);
        int removed = 0;
        // An image another one stands on (a base under its start image, a step left by an
        // interrupted build) cannot go first: remove in rounds until a round removes nothing.
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<String> images = engine.images().list(filter).stream()
                    .filter(image -> removable(image, everyApp))
                    .toList();
            int before = removed;
            for (String image : images) {
                removed += engine.images().remove(image) ? 1 : 0;
            }
            if (removed == before) {
                break;
            }
        }
        console.step("Removed " + removed + " image" + (removed == 1 ? "" : "s"));
    }

    private static final int MAX_ROUNDS = 10;

    private boolean removable(String image, boolean everyApp) {
        boolean untagged = image.startsWith("sha256:");
        return engine.images().inspect(image).labels().containsKey(AppIdentity.APP_LABEL) || (everyApp && untagged);
    }
}
