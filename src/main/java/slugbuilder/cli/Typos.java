package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/** The command or option a mistyped word most likely meant: picocli's own suggestions go by prefix ("strat" gets "stop"). */
final class Typos {
    /** At most this many single-character edits (a swap counts as one) away. */
    private static final int MAX_EDITS = 2;

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
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
