package slugbuilder.run;

import java.util.List;
import java.util.Map;
import slugbuilder.console.Console;
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
        List<String> ids = engine.containers(filter);
        for (String id : ids) {
            engine.stopAndRemove(id, ProcessSupervisor.GRACE);
        }
        console.step("Removed " + ids.size() + " container" + (ids.size() == 1 ? "" : "s"));
        return ids.size();
    }

    /**
     * Removes the containers, then the images, matching FILTER. Stack images stay: an app image
     * inherits the stack's labels, so a stack image is one that carries no app label. With
     * EVERY_APP, the untagged steps failed builds left on a stack go too (they carry no app
     * label: the engine sets a build's labels only at its end).
     */
    public void clean(Map<String, String> filter, boolean everyApp) {
        removeContainers(filter);
        int removed = 0;
        // An image another one stands on (a base under its start image, a step left by an
        // interrupted build) cannot go first: remove in rounds until a round removes nothing.
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<String> images = engine.images(filter).stream()
                    .filter(image -> removable(image, everyApp))
                    .toList();
            int before = removed;
            for (String image : images) {
                removed += engine.removeImage(image) ? 1 : 0;
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
        return engine.inspect(image).labels().containsKey(AppIdentity.APP_LABEL) || (everyApp && untagged);
    }
}
