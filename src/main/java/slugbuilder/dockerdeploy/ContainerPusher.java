package slugbuilder.dockerdeploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import slugbuilder.ExitCode;
import slugbuilder.Sizes;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.RegistryAuth;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.AppName;
import slugbuilder.heroku.Credentials;
import slugbuilder.registry.Manifest;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;
import slugbuilder.registry.RegistryClient;

/**
 * The {@code container push} use case. What the app's files, the command line and the
 * environment settle (the types' Dockerfiles, heroku.yml, the app, the token) is checked first,
 * with no engine; then every type is built for linux/amd64, and every image is checked against
 * what Heroku's registry or runtime would refuse before anything is uploaded; then each is
 * pushed and its manifest read back.
 */
public final class ContainerPusher {
    /** Heroku's own threshold: images with more layers may fail to start on the Common Runtime. */
    static final int MANY_LAYERS = 40;

    static final String PLATFORM = ContainerImageBuilder.PLATFORM;

    /**
     * @param types       the process types named, or empty for every one found
     * @param recursive   look for Dockerfile.<type> below the app directory
     * @param appOption   -a/--app, or null
     * @param registry    where to push
     * @param buildArgs   --build-arg values (they win over heroku.yml's build.config)
     * @param network     the network the build steps use, or null
     * @param contextPath the build context for every type, or null for each Dockerfile's directory
     * @param apiUrl      the Platform API whose netrc entry gives the token
     */
    public record Options(
            List<String> types,
            boolean recursive,
            String appOption,
            Registry registry,
            Map<String, String> buildArgs,
            String network,
            Path contextPath,
            URI apiUrl) {
        public Options {
            types = List.copyOf(types);
            buildArgs = Map.copyOf(buildArgs);
        }
    }

    /**
     * Everything settled before the engine is contacted.
     *
     * @param herokuYml the app's heroku.yml, if any
     */
    public record Plan(
            List<ContainerTypes.TypeBuild> builds,
            Optional<HerokuYml> herokuYml,
            String app,
            ApiToken token,
            Registry registry,
            Map<String, String> buildArgs,
            String network,
            Path contextPath) {}

    /** One pushed type, as the summary gives it. */
    public record Pushed(String type, String image, String imageId, long size, int layers) {}

    /** The checks that need no engine: bad files, a missing app or token fail here. */
    public static Plan plan(AppDir app, Options options, Credentials credentials, Map<String, String> env) {
        Optional<HerokuYml> yml = HerokuYml.read(app);
        List<ContainerTypes.TypeBuild> builds = ContainerTypes.resolve(app, options.types(), options.recursive(), yml);
        Path contextPath = ContainerImageBuilder.contextPath(options.contextPath());
        Map<String, String> buildArgs = ContainerImageBuilder.buildArgs(yml, options.buildArgs());
        String appName = AppName.resolve(options.appOption(), env, app.root()).name();
        ApiToken token = credentials.token(options.apiUrl().getHost());
        return new Plan(builds, yml, appName, token, options.registry(), buildArgs, options.network(), contextPath);
    }

    private final ContainerEngine engine;
    private final Console console;
    private final BiFunction<Registry, ApiToken, RegistryClient> registries;

    /** REGISTRIES makes the client that reads manifests back. */
    public ContainerPusher(
            ContainerEngine engine, Console console, BiFunction<Registry, ApiToken, RegistryClient> registries) {
        this.engine = engine;
        this.console = console;
        this.registries = registries;
    }

    public List<Pushed> push(AppDir app, Plan plan) {
        if (engine.registry().info().containerdImageStore()) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "the Docker engine at " + engine.describe() + " keeps images in the containerd image store,"
                            + " whose pushes Heroku's registry refuses (OCI indexes, attestations)",
                    "turn the store off (\"features\": {\"containerd-snapshotter\": false} in daemon.json, or in"
                            + " Docker Desktop's settings), restart the engine, and push again");
        }
        AppIdentity identity = AppIdentity.of(app);
        Map<String, ImageInfo> built = new LinkedHashMap<>();
        for (ContainerTypes.TypeBuild build : plan.builds()) {
            built.put(build.type(), build(app, plan, identity, build));
        }
        // every image is checked before the first upload, so a refusal leaves the registry as it was
        for (ContainerTypes.TypeBuild build : plan.builds()) {
            check(app, build, built.get(build.type()));
        }
        RegistryAuth auth = new RegistryAuth(
                plan.registry().address(),
                OkHttpRegistryClient.USERNAME,
                plan.token().value());
        RegistryClient registry = registries.apply(plan.registry(), plan.token());
        List<Pushed> pushed = new ArrayList<>();
        for (ContainerTypes.TypeBuild build : plan.builds()) {
            pushed.add(pushOne(plan, build, built.get(build.type()), auth, registry));
        }
        return pushed;
    }

    private ImageInfo build(AppDir app, Plan plan, AppIdentity identity, ContainerTypes.TypeBuild build) {
        String tag = new ContainerImageBuilder(engine, console)
                .build(app, build, plan.contextPath(), plan.buildArgs(), plan.network(), identity);
        return engine.images().inspect(tag);
    }

    /** What Heroku would refuse only after the upload, or at the dyno's start, refused here. */
    private void check(AppDir app, ContainerTypes.TypeBuild build, ImageInfo image) {
        if (!PLATFORM.equals(image.platform())) {
            throw SlugbuilderException.badFile(
                    build.dockerfile(),
                    0,
                    "builds a " + image.platform() + " image; Heroku runs only " + PLATFORM,
                    "start FROM an image that has a " + PLATFORM + " variant (FROM --platform=" + PLATFORM + " ...)");
        }
        if (!image.hasCommand()) {
            throw SlugbuilderException.badFile(
                    build.dockerfile(),
                    0,
                    "the " + build.type()
                            + " image has neither CMD nor ENTRYPOINT: its dynos would have nothing to run",
                    "add a CMD line, e.g. CMD [\"./bin/" + build.type()
                            + "\"] (the runtime runs it through /bin/sh -c)");
        }
        InheritedCommand.warning(
                        build.type(),
                        build.dockerfile(),
                        app.readText(build.dockerfile()).orElse(""),
                        build.target(),
                        image.cmd(),
                        image.entrypoint())
                .ifPresent(console::warn);
        if (image.layers().size() > MANY_LAYERS) {
            console.warn("the " + build.type() + " image has " + image.layers().size() + " layers; Heroku says images"
                    + " with more than " + MANY_LAYERS
                    + " may fail to start on the Common Runtime (combine RUN lines)");
        }
    }

    private Pushed pushOne(
            Plan plan, ContainerTypes.TypeBuild build, ImageInfo image, RegistryAuth auth, RegistryClient registry) {
        String repository = plan.registry().repository(plan.app(), build.type());
        String target = plan.registry().image(plan.app(), build.type());
        engine.images().tag(image.id(), repository, Registry.TAG);
        console.step("Pushing " + target);
        PushProgress progress = new PushProgress(console::detail, System::nanoTime);
        long started = System.nanoTime();
        engine.registry().push(target, auth, progress);
        double seconds = (System.nanoTime() - started) / 1e9;
        Manifest manifest = registry.manifest(plan.app(), build.type());
        if (!manifest.configDigest().equals(image.id())) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "the registry's " + target + " is the image " + manifest.configDigest() + ", not the one pushed ("
                            + image.id() + ")",
                    "another push to the same app and type came in between; push again");
        }
        // Podman 4's push reports its start and its digest, nothing of the layers
        boolean layersReported = progress.pushedLayers() + progress.existingLayers() > 0;
        console.step(String.format(
                Locale.ROOT,
                "%s: image %s, %s (%s compressed), %d layers; %s; %.1f s",
                build.type(),
                manifest.configDigest(),
                Sizes.megabytes(image.size()),
                Sizes.megabytes(manifest.size()),
                manifest.layers(),
                layersReported
                        ? progress.pushedLayers() + " uploaded, " + progress.existingLayers()
                                + " already in the registry"
                        : "the engine reported no layer's progress",
                seconds));
        console.result("Pushed " + build.type() + ": " + target + " " + manifest.configDigest());
        return new Pushed(build.type(), target, manifest.configDigest(), image.size(), manifest.layers());
    }
}
