package slugbuilder.run;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The engine runs a base image's ONBUILD steps without naming them: it prints
 * "# Executing 5 build triggers" and then a bare "---> Using cache" or "---> Running in …" per
 * step. This passes the build output on, with a line naming each step before its outcome, so
 * the user sees which step ran and which came from the cache.
 */
final class TriggerNames implements Consumer<String> {
    private static final Pattern EXECUTING = Pattern.compile("^\\s*# Executing \\d+ build triggers?$");
    private static final Pattern OUTCOME = Pattern.compile("^\\s*---> (Using cache|Running in .*)$");

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
        } else if (next >= 0 && next < triggers.size() && OUTCOME.matcher(line).matches()) {
            boolean cached = line.contains("Using cache");
            output.accept("ONBUILD " + (next + 1) + "/" + triggers.size() + ": " + triggers.get(next) + (cached ? "  (cached)" : ""));
            next++;
        }
        output.accept(line);
    }
}
