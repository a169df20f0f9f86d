package slugbuilder;

import java.util.Collection;
import java.util.Optional;

/** The word a mistyped one most likely meant, for "did you mean" hints on commands, options and file keys. */
public final class Spelling {
    /** At most this many single-character edits (a swap counts as one) away. */
    public static final int MAX_EDITS = 2;

    private Spelling() {}

    /** The candidate closest to TYPED within {@link #MAX_EDITS} edits (the first of equally close ones), if any. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int distance(String a, String b) {
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
