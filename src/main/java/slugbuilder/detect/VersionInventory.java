package slugbuilder.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.semver4j.Semver;
import org.semver4j.range.Range;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * Released versions of one runtime, kept as data with the place they came from.
 *
 * @param lts major versions with long-term support (node), newest last
 */
public record VersionInventory(
        String runtime, String source, String retrieved, List<String> lts, List<String> versions) {

    public VersionInventory {
        lts = lts == null ? List.of() : List.copyOf(lts);
        versions = List.copyOf(versions);
    }

    /** The newest release satisfying an npm-style range, if any. Releases like Go's "1.20" count as 1.20.0. */
    public Optional<String> newestMatching(String range) {
        RangeList ranges = RangeListFactory.create(range); // parsed once, not once per release
        List<PlainVersion> plain = plainVersions();
        if (plain != null) {
            // newest first, so the first release that satisfies the range is the answer: coercing every
            // one of node's 670 releases to compare them was most of what init did
            plain.sort(Comparator.reverseOrder()); // stable: equal ones keep their order
            // A release (no pre-release) satisfies the range or not by how it compares with each version the
            // range names, so semver4j is asked once per run of releases that compare alike: for ^20, once for
            // all of 26.x to 21.x (each Semver it makes costs a String.format)
            List<Semver> named = namedVersions(ranges);
            int[] askedSides = null;
            boolean satisfied = false;
            for (PlainVersion candidate : plain) {
                int[] sides = candidate.sides(named);
                if (!Arrays.equals(sides, askedSides)) {
                    satisfied = candidate.semver().satisfies(ranges);
                    askedSides = sides;
                }
                if (satisfied) {
                    return Optional.of(candidate.text());
                }
            }
            return Optional.empty();
        }
        String best = null;
        Semver bestVersion = null;
        for (String candidate : versions) {
            Semver version = Semver.coerce(candidate);
            if (version == null || !version.getPreRelease().isEmpty() || !version.satisfies(ranges)) {
                continue;
            }
            if (bestVersion == null || version.isGreaterThan(bestVersion)) {
                best = candidate;
                bestVersion = version;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every version the comparators of RANGES compare with. */
    private static List<Semver> namedVersions(RangeList ranges) {
        List<Semver> named = new ArrayList<>();
        for (List<Range> set : ranges.get()) {
            for (Range range : set) {
                named.add(range.getRangeVersion());
            }
        }
        return named;
    }

    /** Every release as a {@link PlainVersion}, or null when one is not (a pre-release, say). */
    private List<PlainVersion> plainVersions() {
        List<PlainVersion> plain = new ArrayList<>(versions.size());
        for (String version : versions) {
            PlainVersion parsed = PlainVersion.parse(version);
            if (parsed == null) {
                return null;
            }
            plain.add(parsed);
        }
        return plain;
    }

    public String newest() {
        return newestMatching("*").orElseThrow();
    }

    public String newestLtsMajor() {
        if (lts.isEmpty()) {
            throw new IllegalStateException(runtime + " inventory lists no LTS majors");
        }
        return lts.get(lts.size() - 1);
    }
}
