package slugbuilder.detect;

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
        String best = null;
        Semver bestVersion = null;
        RangeList ranges = RangeListFactory.create(range); // parsed once, not once per release
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
