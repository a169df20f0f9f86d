package slugbuilder.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.semver4j.Semver;
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
        if (versions.stream().allMatch(VersionInventory::plain)) {
            // newest first, so the first release that satisfies the range is the answer: coercing every
            // one of node's 670 releases to compare them was most of what init did
            List<String> newestFirst = new ArrayList<>(versions);
            newestFirst.sort((a, b) -> Arrays.compare(numbers(b), numbers(a))); // stable: equal ones keep their order
            for (String candidate : newestFirst) {
                if (Semver.coerce(candidate).satisfies(ranges)) {
                    return Optional.of(candidate);
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

    /** Whether VERSION is one to three dot-separated numbers (no pre-release, no build): compared by those alone. */
    private static boolean plain(String version) {
        String[] parts = version.split("\\.", -1);
        if (parts.length > 3) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** A plain version's major, minor and patch, 0 where absent. */
    private static int[] numbers(String plainVersion) {
        int[] numbers = new int[3];
        String[] parts = plainVersion.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
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
