package slugbuilder.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.TextLines;

/**
 * Chooses each runtime's version: the first version source the app has wins; a range is
 * resolved against the runtime's inventory of released versions; without a source, the
 * platform's default applies.
 */
public final class RuntimeResolver {
    private final PlatformCatalog catalog;

    public RuntimeResolver(PlatformCatalog catalog) {
        this.catalog = catalog;
    }

    public List<ResolvedRuntime> resolve(AppDir app, Platform platform) {
        List<ResolvedRuntime> resolved = new ArrayList<>();
        for (Platform.Runtime runtime : platform.runtimes()) {
            resolved.add(resolve(app, runtime));
        }
        return resolved;
    }

    ResolvedRuntime resolve(AppDir app, Platform.Runtime runtime) {
        for (Platform.VersionSource source : runtime.sources()) {
            Optional<RequestedVersion> requested = VersionReader.read(app, source);
            if (requested.isPresent()) {
                RequestedVersion r = requested.get();
                String version = choose(runtime, r.value(), r, source.dialect());
                return new ResolvedRuntime(runtime.name(), runtime.title(), version, r.label() + " " + r.value());
            }
        }
        String version = choose(runtime, runtime.defaultVersion(), null, null);
        return new ResolvedRuntime(runtime.name(), runtime.title(), version, "default " + runtime.defaultVersion());
    }

    /** Turns what the app wrote into a concrete version; REQUESTED is null for the platform default. */
    private String choose(Platform.Runtime runtime, String written, RequestedVersion requested, String dialect) {
        if (written.isEmpty()) {
            throw refuse(runtime, requested, "is empty", "write a version such as " + example(runtime));
        }
        String range = runtime.aliases().getOrDefault(written.toLowerCase(Locale.ROOT), written);
        if (runtime.inventory() == null) {
            if (!Pattern.matches(runtime.pattern(), range)) {
                throw refuse(
                        runtime,
                        requested,
                        TextLines.quote(written, 40) + " is not a " + runtime.title() + " version",
                        "write a version such as " + example(runtime));
            }
            return range;
        }
        VersionInventory inventory = catalog.inventory(runtime.inventory());
        if (range.equals("@lts")) {
            range = inventory.newestLtsMajor() + ".x";
        }
        String npmRange = VersionRange.toNpm(range, dialect);
        Optional<String> match;
        try {
            VersionRange.check(npmRange);
            match = inventory.newestMatching(npmRange);
        } catch (RuntimeException e) {
            // semver4j's own failures (e.g. a number too large) are the user's input, not our bug
            throw refuse(
                    runtime,
                    requested,
                    TextLines.quote(written, 40) + " is not a version or version range",
                    "write a version such as " + example(runtime));
        }
        if (match.isEmpty()) {
            throw refuse(
                    runtime,
                    requested,
                    TextLines.quote(written, 40) + " matches no released " + runtime.title()
                            + " version (newest known: " + inventory.newest() + ")",
                    "ask for a released version such as " + example(runtime) + "; if it is newer than "
                            + inventory.retrieved() + ", refresh platforms/versions/" + runtime.inventory() + ".json");
        }
        return match.get();
    }

    private static String example(Platform.Runtime runtime) {
        Platform.VersionSource first =
                runtime.sources().isEmpty() ? null : runtime.sources().get(0);
        return first != null && first.example() != null ? first.example() : runtime.defaultVersion();
    }

    private static SlugbuilderException refuse(
            Platform.Runtime runtime, RequestedVersion requested, String problem, String hint) {
        if (requested == null) {
            // A broken default is our bug, not the user's.
            throw new IllegalStateException("default " + runtime.name() + " version " + problem);
        }
        String subject =
                requested.label().equals(requested.file()) ? runtime.name() + " version " : requested.label() + " ";
        return SlugbuilderException.badFile(requested.file(), requested.line(), subject + problem, hint);
    }
}
