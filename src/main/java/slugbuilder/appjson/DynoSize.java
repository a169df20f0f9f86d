package slugbuilder.appjson;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Heroku dyno size and the memory the dyno gets (Dev Center, "Dyno Types"). Eco, Basic and
 * Standard dynos may swap up to twice their quota before the dyno manager kills them (R15);
 * Performance, Private and Shield dynos do not swap and are killed at their quota.
 *
 * @param name     Heroku's name, lower case ("standard-2x")
 * @param memoryMb the memory quota
 * @param swaps    whether the dyno may swap up to twice its quota
 */
public record DynoSize(String name, int memoryMb, boolean swaps) {
    private static final Map<String, DynoSize> SIZES = new LinkedHashMap<>();

    static {
        add("eco", 512, true);
        add("basic", 512, true);
        add("standard-1x", 512, true);
        add("standard-2x", 1024, true);
        add("performance-m", 2560, false);
        add("performance-l", 14336, false);
        add("performance-l-ram", 30720, false);
        add("performance-xl", 63488, false);
        add("performance-2xl", 129024, false);
        for (String tier : new String[] {"private", "shield"}) {
            add(tier + "-s", 1024, false);
            add(tier + "-m", 2560, false);
            add(tier + "-l", 14336, false);
            add(tier + "-l-ram", 30720, false);
            add(tier + "-xl", 63488, false);
            add(tier + "-2xl", 129024, false);
        }
        // names Heroku still accepts from older app.json files
        SIZES.put("free", new DynoSize("free", 512, true));
        SIZES.put("hobby", new DynoSize("hobby", 512, true));
        SIZES.put("1x", SIZES.get("standard-1x"));
        SIZES.put("2x", SIZES.get("standard-2x"));
        SIZES.put("px", SIZES.get("performance-l"));
    }

    /** What a dyno gets when app.json names no size: Heroku's default for a new app. */
    public static final DynoSize DEFAULT = SIZES.get("standard-1x");

    private static void add(String name, int memoryMb, boolean swaps) {
        SIZES.put(name, new DynoSize(name, memoryMb, swaps));
    }

    /** The size called NAME (any case: "Standard-1X" too). */
    public static Optional<DynoSize> named(String name) {
        return Optional.ofNullable(SIZES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The memory in bytes at which the dyno manager kills the dyno with R15. */
    public long limitBytes() {
        return (swaps ? 2L : 1L) * memoryMb * 1024 * 1024;
    }

    /** The memory quota in bytes (above it Heroku logs R14 and, where the size allows, swaps). */
    public long quotaBytes() {
        return (long) memoryMb * 1024 * 1024;
    }

    static String known() {
        return "eco, basic, standard-1x, standard-2x, performance-m, performance-l, private-s, …";
    }
}
