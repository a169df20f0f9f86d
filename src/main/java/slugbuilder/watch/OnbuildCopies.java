package slugbuilder.watch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a base image's ONBUILD steps copy: the files copied before the app's own {@code COPY .}
 * are the dependency manifests (the template copies them first so an unchanged set keeps its
 * install cached), and that {@code COPY .}'s destination is where the app lives in the image.
 *
 * @param manifests the sources of the COPY steps before {@code COPY .}, as the Dockerfile gives them
 *                  (globs such as {@code package-lock.json*}, or directories)
 * @param appDir    where {@code COPY .} puts the app, e.g. {@code /app/src}; null when no step copies it
 */
public record OnbuildCopies(List<String> manifests, String appDir) {
    public OnbuildCopies {
        manifests = List.copyOf(manifests);
    }

    /** Reads TRIGGERS, the base image's ONBUILD instructions in order. */
    public static OnbuildCopies of(List<String> triggers) {
        List<String> manifests = new ArrayList<>();
        for (String trigger : triggers) {
            String[] words = trigger.trim().split("\\s+");
            String instruction = words[0].toUpperCase(Locale.ROOT);
            if (!instruction.equals("COPY") && !instruction.equals("ADD")) {
                continue;
            }
            List<String> args = Arrays.stream(words, 1, words.length)
                    .filter(w -> !w.startsWith("--"))
                    .map(w -> w.replaceAll("^\\[|[\\],]$", "").replaceAll("^\"|\"$", ""))
                    .filter(w -> !w.isEmpty())
                    .toList();
            if (args.size() < 2) {
                continue;
            }
            List<String> sources = args.subList(0, args.size() - 1);
            String destination = args.get(args.size() - 1);
            if (sources.stream().anyMatch(s -> s.equals(".") || s.equals("./"))) {
                return new OnbuildCopies(manifests, destination.replaceAll("(?<=.)/+$", ""));
            }
            manifests.addAll(sources);
        }
        return new OnbuildCopies(manifests, null);
    }
}
