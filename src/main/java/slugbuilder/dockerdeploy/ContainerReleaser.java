package slugbuilder.dockerdeploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.core.ReleaseFollower;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.AppInfo;
import slugbuilder.heroku.AppName;
import slugbuilder.heroku.Credentials;
import slugbuilder.heroku.FormationUpdate;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.registry.Registry;
import slugbuilder.registry.RegistryClient;

/**
 * The {@code container release} use case: the app must be on the container stack; every type's
 * pushed image is looked up in the registry (its config digest, the image id) before anything is
 * changed; then one formation update names them all, which makes a release, and that release is
 * followed through its release phase. "Released vN" comes only when it succeeded.
 *
 * <p>The release phase on this path is the CMD of the image released as type {@code release}
 * (heroku.yml's {@code release.image} may name another type's image for it); a Procfile's
 * {@code release:} line is not used.
 */
public final class ContainerReleaser {
    static final String RELEASE_TYPE = "release";

    /**
     * @param types     the process types named (empty: heroku.yml's build.docker types)
     * @param appOption -a/--app, or null
     * @param registry  where the images were pushed
     * @param apiUrl    the Platform API
     */
    public record Options(List<String> types, String appOption, Registry registry, URI apiUrl) {
        public Options {
            types = List.copyOf(types);
        }
    }

    /**
     * One formation entry: process type TYPE runs the image pushed as IMAGE_OF (the same type,
     * except for a release phase heroku.yml gives another type's image).
     */
    public record TypeImage(String type, String imageOf) {}

    /**
     * Everything settled from the app's files and the environment, before any request.
     *
     * @param notes what the user should know about how the types were chosen
     */
    public record Plan(
            String app, ApiToken token, Registry registry, URI apiUrl, List<TypeImage> types, List<String> notes) {
        public Plan {
            types = List.copyOf(types);
            notes = List.copyOf(notes);
        }

        /** Bad type names, a bad heroku.yml, a missing app name or token fail here, before any request. */
        public static Plan of(AppDir app, Options options, Credentials credentials, Map<String, String> env) {
            List<String> requested = new ArrayList<>(new LinkedHashSet<>(options.types()));
            requested.forEach(type -> ContainerTypes.checkTypeName(type, null));
            Optional<HerokuYml> yml = HerokuYml.read(app);
            List<String> notes = new ArrayList<>();
            if (requested.isEmpty()) {
                if (yml.isEmpty() || yml.get().dockerfiles().isEmpty()) {
                    throw new SlugbuilderException(
                            ExitCode.USAGE,
                            "no process type given",
                            "name the pushed types to release, e.g. container release web worker");
                }
                requested.addAll(yml.get().dockerfiles().keySet());
                notes.add("releasing heroku.yml's build.docker types: " + String.join(", ", requested));
            }
            Map<String, TypeImage> types = new LinkedHashMap<>();
            requested.forEach(type -> types.put(type, new TypeImage(type, type)));
            if (yml.isPresent() && yml.get().release() != null) {
                TypeImage phase = releasePhase(app, yml.get(), notes);
                if (!types.containsKey(RELEASE_TYPE) || !phase.imageOf().equals(RELEASE_TYPE)) {
                    notes.add("heroku.yml has a release section: the release phase runs the CMD of the "
                            + phase.imageOf() + " image, released as type " + RELEASE_TYPE);
                }
                types.put(RELEASE_TYPE, phase);
            }
            procfileReleaseLine(app).ifPresent(notes::add);
            String appName =
                    AppName.resolve(options.appOption(), env, app.root()).name();
            ApiToken token = credentials.token(options.apiUrl().getHost());
            return new Plan(appName, token, options.registry(), options.apiUrl(), List.copyOf(types.values()), notes);
        }

        /** heroku.yml's release section on this path: an image whose CMD is the release phase. */
        private static TypeImage releasePhase(AppDir app, HerokuYml yml, List<String> notes) {
            HerokuYml.Release release = yml.release();
            String image = release.image() != null ? release.image() : RELEASE_TYPE;
            ContainerTypes.checkTypeName(image, HerokuYml.NAME + ":" + yml.lineOf("release.image"));
            if (release.image() != null) {
                requireDockerfileBehind(app, yml, image);
            }
            if (!release.command().isEmpty()) {
                if (!image.equals(RELEASE_TYPE)) {
                    // the platform would run that image's own CMD (a web server, a worker) as the release phase
                    throw SlugbuilderException.badFile(
                            HerokuYml.NAME,
                            yml.lineOf("release.command"),
                            "release.command cannot be sent on the container path: the release phase runs the CMD"
                                    + " of the image released as type release, here the " + image + " image's own",
                            "give the release phase an image of its own (a Dockerfile.release whose CMD is "
                                    + String.join(" ", release.command()) + ") and leave out release.image");
                }
                notes.add(HerokuYml.NAME + ":" + yml.lineOf("release.command")
                        + ": release.command is not sent: on the container path the release phase runs the CMD"
                        + " of the release image");
            }
            return new TypeImage(RELEASE_TYPE, image);
        }

        /**
         * Fails at release.image's line unless a Dockerfile builds IMAGE: heroku.yml's build.docker
         * when it has one, else a Dockerfile.<image> in the app or below it (or a plain Dockerfile,
         * which a one-type push builds). Without one, the registry would refuse only at release time.
         */
        private static void requireDockerfileBehind(AppDir app, HerokuYml yml, String image) {
            Map<String, String> dockerfiles = yml.dockerfiles();
            boolean built = dockerfiles.isEmpty()
                    ? app.hasFile(ContainerTypes.DOCKERFILE)
                            || ContainerTypes.closestByType(app).containsKey(image)
                    : dockerfiles.containsKey(image);
            if (!built) {
                throw SlugbuilderException.badFile(
                        HerokuYml.NAME,
                        yml.lineOf("release.image"),
                        "release.image: no Dockerfile builds process type \"" + image + "\""
                                + (dockerfiles.isEmpty()
                                        ? " (no Dockerfile." + image + " in the app)"
                                        : "; build.docker builds " + String.join(", ", dockerfiles.keySet())),
                        dockerfiles.isEmpty()
                                ? "add Dockerfile." + image + ", or name a type that has one"
                                : "add  " + image + ": Dockerfile." + image
                                        + "  under build.docker, or name one of those types");
            }
        }

        /** A note when the Procfile has a release line, which this path does not run. */
        private static Optional<String> procfileReleaseLine(AppDir app) {
            try {
                return Procfile.readIfPresent(app)
                        .flatMap(procfile -> procfile.find(RELEASE_TYPE))
                        .map(entry -> "the Procfile's release line (" + Procfile.NAME + ":" + entry.line()
                                + ") is not run on the container path: the release phase is the CMD of the"
                                + " image released as type release");
            } catch (SlugbuilderException unreadable) {
                return Optional
                        .empty(); // this path does not use the Procfile: a bad one is not this command's to refuse
            }
        }
    }

    private final PlatformApi api;
    private final Console console;
    private final BiFunction<Registry, ApiToken, RegistryClient> registries;
    private final ReleaseFollower follower;

    public ContainerReleaser(
            PlatformApi api, Console console, BiFunction<Registry, ApiToken, RegistryClient> registries) {
        this(api, console, registries, new ReleaseFollower(api, console));
    }

    /** FOLLOWER follows the new release through its release phase (tests shorten its limit). */
    public ContainerReleaser(
            PlatformApi api,
            Console console,
            BiFunction<Registry, ApiToken, RegistryClient> registries,
            ReleaseFollower follower) {
        this.api = api;
        this.console = console;
        this.registries = registries;
        this.follower = follower;
    }

    /** Releases PLAN's images; returns the release as it ended (succeeded and current). */
    public Release release(Plan plan) {
        plan.notes().forEach(console::note);
        String app = plan.app();
        console.step("Checking the app " + app);
        AppInfo info = api.app(app);
        if (!info.containerStack()) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "the app " + app + " is on " + describe(info)
                            + ", not container: it releases slugs, not images; nothing was changed",
                    "heroku stack:set container -a " + app + " (then push and release again), or ship a slug with"
                            + " slugbuilder release");
        }
        List<FormationUpdate> updates = images(plan);
        Optional<Release> previous = api.latestRelease(app);
        if (Cleanup.shuttingDown()) {
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted: nothing was released");
        }
        String types =
                String.join(", ", updates.stream().map(FormationUpdate::type).toList());
        console.step("Releasing " + types + " on " + app);
        // from here a Ctrl-C may come after the platform made the release
        console.interruptedLine("interrupted: the formation update may have made a release of " + app
                + "; see heroku releases -a " + app);
        api.updateFormation(app, updates);
        Release newest = api.latestRelease(app)
                .filter(release -> previous.map(before -> !before.id().equals(release.id()))
                        .orElse(true))
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.PLATFORM_API,
                        "the formation of " + app + " was updated but nothing was released: the newest release is"
                                + previous.map(before -> " still v" + before.version())
                                        .orElse(" none"),
                        "`heroku releases -a " + app + "` lists its releases; release again if the new images are"
                                + " not running"));
        Release outcome = follower.follow(app, newest);
        if (info.webUrl() != null
                && !info.webUrl().isBlank()
                && plan.types().stream().anyMatch(type -> type.type().equals("web"))) {
            console.result(info.webUrl());
        }
        return outcome;
    }

    /** Every type's image id, read before anything changes: a type never pushed fails here. */
    private List<FormationUpdate> images(Plan plan) {
        RegistryClient registry = registries.apply(plan.registry(), plan.token());
        Map<String, String> ids = new LinkedHashMap<>();
        List<FormationUpdate> updates = new ArrayList<>();
        for (TypeImage type : plan.types()) {
            String id = ids.computeIfAbsent(type.imageOf(), of -> registry.imageId(plan.app(), of));
            console.detail(type.type() + ": " + plan.registry().image(plan.app(), type.imageOf()) + " is image " + id);
            updates.add(new FormationUpdate(type.type(), id));
        }
        return updates;
    }

    private static String describe(AppInfo info) {
        String stack = info.stack() != null ? info.stack() : info.buildStack();
        return stack != null ? "the stack " + stack : "a stack the API does not name";
    }
}
