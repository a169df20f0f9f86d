package slugbuilder.core;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The engine runs a base image's ONBUILD steps without naming them: it prints "# Executing 5
 * build triggers", then "---> Using cache" for each step it takes from the cache; a step it
 * runs prints its own output (a COPY prints nothing). Once one step misses the cache, every
 * later one does. So the cached steps are named as their lines arrive, and the steps that run
 * are named together at the first line that is not a cache hit.
 */
final class TriggerNames implements Consumer<String> {
    private static final Pattern EXECUTING = Pattern.compile("^\\s*# Executing \\d+ build triggers?$");
    private static final Pattern CACHED = Pattern.compile("^\\s*---> Using cache$");

    private final List<String> triggers;
    private final Consumer<String> output;
    private int next = -1;

    TriggerNames(List<String> triggers, Consumer<String> output) {
        this.triggers = triggers;
        this.output = output;
    }

    @Override
    public void accept(String line) {
        if (EXECUTING.matcher(line).matches()) {
            next = 0;
            output.accept(line);
            return;
        }
        if (next >= 0 && next < triggers.size()) {
            if (CACHED.matcher(line).matches()) {
                output.accept(name(next++) + "  (cached)");
            } else {
                while (next < triggers.size()) {
                    output.accept(name(next++));
                }
            }
        }
        output.accept(line);
    }

    private String name(int index) {
        return "ONBUILD " + (index + 1) + "/" + triggers.size() + ": " + triggers.get(index);
    }
}
