package slugbuilder.run;

import java.util.List;
import java.util.Map;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;

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

    /** Removes the containers, then the images, matching FILTER (never the stack images). */
    public void clean(Map<String, String> filter) {
        removeContainers(filter);
        List<String> stacks = engine.images(Map.of(Labels.KIND, "stack"));
        List<String> images = engine.images(filter).stream().filter(ref -> !stacks.contains(ref)).toList();
        // start images stand on base images: remove them first
        images.stream().sorted((a, b) -> Boolean.compare(a.contains(":base-"), b.contains(":base-"))).forEach(engine::removeImage);
        console.step("Removed " + images.size() + " image" + (images.size() == 1 ? "" : "s"));
    }
}
