package slugbuilder.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.Buildpack;

/** Buildpack-style detection: the platforms are tried in catalog order and the first match wins. */
public final class Detector {
    private final PlatformCatalog catalog;

    public Detector(PlatformCatalog catalog) {
        this.catalog = catalog;
    }

    public Detection detect(AppDir app) {
        return detect(app, List.of());
    }

    /**
     * The platform app.json's BUILDPACKS name, else detection from the app's files. Of several
     * buildpacks that name a platform, the last one is taken: on Heroku the last buildpack gives the
     * app's process types (a Rails app lists heroku/nodejs for its assets, then heroku/ruby). A
     * buildpack that names no platform here (a third party's) is a warning, and detection goes on.
     */
    public Detection detect(AppDir app, List<Buildpack> buildpacks) {
        List<Detection.Match> matches = new ArrayList<>();
        for (Platform platform : catalog.inOrder()) {
            evidence(app, platform).ifPresent(file -> matches.add(new Detection.Match(platform, file)));
        }
        List<String> warnings = new ArrayList<>();
        List<Detection.Match> named = new ArrayList<>();
        for (Buildpack buildpack : buildpacks) {
            Optional<Platform> platform = catalog.inOrder().stream()
                    .filter(p -> p.standsFor(buildpack.url()))
                    .findFirst();
            if (platform.isPresent()) {
                named.add(new Detection.Match(
                        platform.get(),
                        "app.json's buildpack " + buildpack.url() + " (line " + buildpack.line() + ")"));
            } else {
                warnings.add(AppJson.NAME + ":" + buildpack.line() + ": the buildpack " + buildpack.url()
                        + " has no slugbuilder platform; left out (what it adds is not built)");
            }
        }
        if (!named.isEmpty()) {
            Detection.Match chosen = named.get(named.size() - 1);
            List<String> notes = new ArrayList<>();
            named.subList(0, named.size() - 1).stream()
                    .filter(other ->
                            !other.platform().name().equals(chosen.platform().name()))
                    .forEach(other -> notes.add(
                            other.evidence() + " names " + other.platform().name()
                                    + "; slugbuilder builds one platform, the last buildpack's ("
                                    + chosen.platform().name()
                                    + "), as the last one gives Heroku's process types"));
            List<Detection.Match> others = matches.stream()
                    .filter(m -> !m.platform().name().equals(chosen.platform().name()))
                    .toList();
            return new Detection(chosen.platform(), chosen.evidence(), others, notes, warnings);
        }
        Detection detection = fromFiles(app, matches);
        return new Detection(detection.platform(), detection.evidence(), detection.alsoMatched(), List.of(), warnings);
    }

    private Detection fromFiles(AppDir app, List<Detection.Match> matches) {
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
