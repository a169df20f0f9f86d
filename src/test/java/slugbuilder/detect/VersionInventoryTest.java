package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.semver4j.Semver;

/** The newest release in a range, found newest first, is the one comparing every release finds. */
class VersionInventoryTest {
    private static final List<String> RANGES = List.of(
            "*",
            "^20",
            "20.x",
            ">=18 <21",
            "~16.3",
            "0.8.x",
            "99",
            "1.20",
            "1.20.0",
            "^1.21",
            "<1.21",
            ">=3.12",
            "8.4.x",
            "<21.0.0-0",
            ">=20.5.0 <22 || ^24",
            "18 - 20.3",
            "=20.11.0",
            "<=0.8.7",
            ">99",
            "~20.11 || 16.x",
            "<1.20.0-rc1",
            ">1.20.0-beta <1.21");

    /** Every release compared with every other: the answer before the search went newest first. */
    private static Optional<String> byComparingAll(List<String> versions, String range) {
        String best = null;
        Semver bestVersion = null;
        for (String candidate : versions) {
            Semver version = Semver.coerce(candidate);
            if (version == null || !version.getPreRelease().isEmpty() || !version.satisfies(range)) {
                continue;
            }
            if (bestVersion == null || version.isGreaterThan(bestVersion)) {
                best = candidate;
                bestVersion = version;
            }
        }
        return Optional.ofNullable(best);
    }

    @Test
    void newestFirstFindsWhatComparingEveryReleaseFinds() {
        List<List<String>> inventories = List.of(
                List.of("1.20", "1.20.0", "1.20.1", "1.21rc2", "1.21.0", "1.9.5"),
                List.of("0.8.6", "4.9.1", "18.20.4", "20.18.0", "20.20.2", "20.9.0", "22.1.0", "16.3.1", "16.20.2"),
                List.of("1.2.3", "1.2.4-beta.1", "1.2.4"),
                List.of("3.1.0", "3.12.1", "3.9.9"));
        for (List<String> versions : inventories) {
            VersionInventory inventory = new VersionInventory("x", "test", "2026-01-01", List.of(), versions);
            for (String range : RANGES) {
                assertEquals(byComparingAll(versions, range), inventory.newestMatching(range), versions + " " + range);
            }
        }
    }

    @Test
    void theRealInventoriesAnswerAsComparingEveryRelease() {
        PlatformCatalog catalog = PlatformCatalog.builtIn();
        for (String runtime : List.of("node", "go", "php", "python", "ruby")) {
            VersionInventory inventory = catalog.inventory(runtime);
            for (String range : RANGES) {
                assertEquals(
                        byComparingAll(inventory.versions(), range),
                        inventory.newestMatching(range),
                        runtime + " " + range);
            }
        }
    }
}
