package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;
import slugbuilder.Spelling;

/** The command or option a mistyped word most likely meant: picocli's own suggestions go by prefix ("strat" gets "stop"). */
final class Typos {
    /** At most this many single-character edits (a swap counts as one) away. */
    private static final int MAX_EDITS = Spelling.MAX_EDITS;

    private Typos() {}

    /** The closest subcommand or option of CLI to the first unmatched word, or null when none is close. */
    static String closest(UnmatchedArgumentException unmatched, CommandLine cli) {
        if (unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        String typed = unmatched.getUnmatched().get(0);
        List<String> candidates = new ArrayList<>(
                typed.startsWith("-") ? List.of() : cli.getSubcommands().keySet());
        if (typed.startsWith("-")) {
            cli.getCommandSpec().options().forEach(option -> candidates.addAll(List.of(option.names())));
            typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        }
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        return Spelling.distance(a, b);
    }
}
