package slugbuilder.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;

/** Buildpack-style detection: the platforms are tried in catalog order and the first match wins. */
public final class Detector {
    private final PlatformCatalog catalog;

    public Detector(PlatformCatalog catalog) {
        this.catalog = catalog;
    }

    public Detection detect(AppDir app) {
        List<Detection.Match> matches = new ArrayList<>();
        for (Platform platform : catalog.inOrder()) {
            evidence(app, platform).ifPresent(file -> matches.add(new Detection.Match(platform, file)));
        }
        if (matches.isEmpty()) {
            // a detection file that is a broken link would otherwise read as "not there"
            for (String name : lookedFor()) {
                if (!name.contains("*")) {
                    Optional<String> broken = app.brokenLink(name);
                    if (broken.isPresent()) {
                        throw SlugbuilderException.badFile(
                                name,
                                0,
                                broken.get(),
                                "replace the link with the file itself, or point it at a file that exists");
                    }
                }
            }
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    app.root() + ": no platform detected: looked for " + String.join(", ", lookedFor()),
                    "pass --template NAME (one of " + catalog.names()
                            + "); --template minimal fits an app that brings its own runtime");
        }
        Detection.Match first = matches.get(0);
        return new Detection(first.platform(), first.evidence(), matches.subList(1, matches.size()));
    }

    /** The user's choice, bypassing detection. */
    public Detection chosen(String name) {
        return new Detection(catalog.require(name), "--template", List.of());
    }

    /** The first file or glob of the platform's rule present in the app. */
    static Optional<String> evidence(AppDir app, Platform platform) {
        Platform.Detect rule = platform.detect();
        for (String file : rule.files()) {
            if (app.hasFile(file)) {
                return Optional.of(file);
            }
        }
        for (String glob : rule.globs()) {
            Optional<String> match = app.firstMatch(glob);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }

    private List<String> lookedFor() {
        Set<String> names = new LinkedHashSet<>();
        for (Platform platform : catalog.inOrder()) {
            names.addAll(platform.detect().files());
            names.addAll(platform.detect().globs());
        }
        return new ArrayList<>(names);
    }
}
