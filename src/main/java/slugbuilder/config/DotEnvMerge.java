package slugbuilder.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import slugbuilder.app.DotEnv;
import slugbuilder.app.TextLines;

/**
 * Config vars merged into a .env file's text. Every other line (comments, blank lines, keys the
 * app does not have) is kept as it is; a key with a different local value keeps it unless
 * OVERWRITE. The result names keys only, never a value.
 */
public final class DotEnvMerge {
    /** The file's new text and the keys in each outcome, in the order they were pulled. */
    public record Result(
            String text, List<String> added, List<String> changed, List<String> unchanged, List<String> kept) {}

    private DotEnvMerge() {}

    /**
     * PULLED merged into TEXT (the file's current text; empty when it is absent), which FILE_NAME
     * names in errors. The file is parsed first: one it cannot read is refused with its line.
     */
    public static Result merge(String fileName, String text, Map<String, String> pulled, boolean overwrite) {
        DotEnv local = DotEnv.parse(fileName, text);
        List<String> lines = new ArrayList<>(TextLines.of(text));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<Map.Entry<DotEnv.Span, String>> replacements = new ArrayList<>();
        List<String> appended = new ArrayList<>();
        pulled.forEach((key, value) -> {
            String entry = key + "=" + DotEnv.quote(value);
            String localValue = local.values().get(key);
            if (localValue == null) {
                added.add(key);
                appended.add(entry);
            } else if (localValue.equals(value)) {
                unchanged.add(key);
            } else if (overwrite) {
                changed.add(key);
                replacements.add(Map.entry(local.spans().get(key), entry));
            } else {
                kept.add(key);
            }
        });
        // from the bottom up, so that each span's line indexes still hold when it is replaced
        replacements.sort(Comparator.comparingInt(
                        (Map.Entry<DotEnv.Span, String> r) -> r.getKey().firstLine())
                .reversed());
        for (Map.Entry<DotEnv.Span, String> replacement : replacements) {
            DotEnv.Span span = replacement.getKey();
            lines.subList(span.firstLine(), span.lastLine() + 1).clear();
            lines.add(span.firstLine(), replacement.getValue());
        }
        lines.addAll(appended);
        String merged = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        return new Result(merged, added, changed, unchanged, kept);
    }
}
