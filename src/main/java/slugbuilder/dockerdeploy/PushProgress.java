package slugbuilder.dockerdeploy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.Sizes;
import slugbuilder.engine.PushEvent;

/**
 * A push's progress as a few lines per layer instead of the engine's flood of messages: what
 * each layer ended as (pushed, or already in the registry), and while a large one uploads, a
 * line at most every {@link #INTERVAL_NANOS}. It also counts what was sent.
 */
final class PushProgress implements Consumer<PushEvent> {
    static final long INTERVAL_NANOS = 2_000_000_000L;

    private static final Pattern RETRYING = Pattern.compile("^Retrying in (\\d+) seconds?$");

    /** Smaller layers go up in a moment: only their end is shown. */
    static final long SHOWN_WHILE_PUSHING = 5 * Sizes.MB;

    private final Consumer<String> lines;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastLine = new HashMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    private final Set<String> ended = new HashSet<>();
    private final Map<String, Integer> countdowns = new HashMap<>();
    private final Set<Integer> retriesShown = new HashSet<>();
    private int pushedLayers;
    private int existingLayers;
    private long pushedBytes;

    PushProgress(Consumer<String> lines, LongSupplier nanoTime) {
        this.lines = lines;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void accept(PushEvent event) {
        String layer = event.layer();
        String status = event.status();
        if (layer.isEmpty() || status.isEmpty()) {
            return; // "The push refers to repository ...", the digest line: the summary says it better
        }
        if (event.total() > 0) {
            totals.merge(layer, event.total(), Math::max);
        }
        if (status.equals("Pushing")) {
            if (event.total() < SHOWN_WHILE_PUSHING) {
                return;
            }
            long now = nanoTime.getAsLong();
            Long last = lastLine.get(layer);
            if (last == null || now - last >= INTERVAL_NANOS) {
                lastLine.put(layer, now);
                lines.accept("layer " + layer + ": " + Sizes.megabytes(event.current()) + " of "
                        + Sizes.megabytes(event.total()));
            }
            return;
        }
        Matcher retrying = RETRYING.matcher(status);
        if (retrying.matches()) {
            retry(layer, Integer.parseInt(retrying.group(1)));
            return;
        }
        if (!ended.add(layer + "\0" + status)) {
            return;
        }
        if (status.equals("Pushed")) {
            pushedLayers++;
            long size = totals.getOrDefault(layer, 0L);
            pushedBytes += size;
            lines.accept("layer " + layer + ": pushed" + (size > 0 ? " (" + Sizes.human(size) + ")" : ""));
        } else if (status.equals("Layer already exists") || status.startsWith("Mounted from")) {
            existingLayers++;
            lines.accept("layer " + layer + ": already in the registry");
        }
        // Preparing, Waiting: transient
    }

    /**
     * The engine counts a retry down once a second, for every layer: one line when a countdown
     * starts, for all layers together.
     */
    private void retry(String layer, int seconds) {
        Integer previous = countdowns.put(layer, seconds);
        boolean starts = previous == null || seconds > previous;
        if (starts && retriesShown.add(seconds)) {
            lines.accept("the upload failed; the engine tries again in " + seconds + " s");
        }
    }

    synchronized int pushedLayers() {
        return pushedLayers;
    }

    synchronized int existingLayers() {
        return existingLayers;
    }

    /** The bytes of the layers this push uploaded, as the engine counts them: before compression. */
    synchronized long pushedBytes() {
        return pushedBytes;
    }
}
