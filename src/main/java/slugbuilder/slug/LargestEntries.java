package slugbuilder.slug;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import slugbuilder.Sizes;

/**
 * The uncompressed bytes of the kept files, by top entry below the app root (and below /app,
 * outside it): a directory counts what it holds at any depth, a file at the top counts as
 * itself. For the hint of the size-limit error.
 */
final class LargestEntries {
    // an app with more top entries than this is unusual; the tally stays small whatever the input
    private static final int MAX_TALLIED = 10_000;

    private final String appRoot;
    private final Map<String, Long> bytesByEntry = new HashMap<>();

    LargestEntries(String appRoot) {
        this.appRoot = appRoot;
    }

    void add(SlugEntry kept) {
        if (kept.kind != SlugEntry.Kind.FILE || kept.size == 0) {
            return;
        }
        String rel = kept.rel;
        int skip = !appRoot.isEmpty() && rel.startsWith(appRoot + "/") ? appRoot.length() + 1 : 0;
        int slash = rel.indexOf('/', skip);
        String top = slash > 0 ? rel.substring(0, slash) : rel;
        if (bytesByEntry.size() < MAX_TALLIED || bytesByEntry.containsKey(top)) {
            bytesByEntry.merge(top, kept.size, Long::sum);
        }
    }

    /** The three largest, e.g. {@code /app/src/node_modules 120 MB, /app/src/video.mp4 80 MB}; empty before any file. */
    String largest() {
        return bytesByEntry.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .map(e -> "/app/" + e.getKey() + " " + Sizes.human(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
