package slugbuilder.release;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.detect.AppPlatform;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.AppName;
import slugbuilder.heroku.Credentials;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.SlugRequest;
import slugbuilder.slug.SlugIgnore;
import slugbuilder.slug.SlugOptions;
import slugbuilder.slug.SlugSummary;

/**
 * The {@code release} use case: everything that can be checked locally is checked before the
 * slow work (the Procfile's process types, the app name, the API token), then the start image
 * is built, its /app packed into a slug, optionally booted on the run stack, and shipped.
 * With an output file or a dry run nothing is sent.
 */
public final class Releaser {
    /**
     * @param appOption   -a/--app, or null
     * @param apiUrl      the Platform API's base URL
     * @param output      write the slug here and send nothing; null to release
     * @param dryRun      build and pack, show what would be sent, send nothing
     * @param verify      boot the slug on RUN_STACK and require the web process to answer first
     * @param runStack    the image to boot the slug on; null: the Dockerfile's stack without -build
     * @param verifyPort  the port the booted web process gets
     * @param vars        config vars for the booted slug
     * @param description the release's description, or null for the API's own
     */
    public record Options(
            String appOption,
            URI apiUrl,
            Path output,
            boolean dryRun,
            boolean verify,
            String runStack,
            int verifyPort,
            Map<String, String> vars,
            SlugOptions slug,
            String description,
            AddonPlan addons) {}

    /**
     * What can be settled before any slow work, from the app's files and the environment
     * alone: a bad Procfile, a missing app name or token fails here, before a build.
     *
     * @param slugCarriesProcfile false when .dockerignore or .slugignore leave the Procfile out of the slug
     * @param defaultsNote which default process type the platform adds and why, or null
     */
    public record Plan(
            Map<String, String> processTypes,
            SlugRequest request,
            String appName,
            ApiToken token,
            String runStack,
            SlugIgnore ignore,
            boolean slugCarriesProcfile,
            String defaultsNote) {

        /** A plan whose process types are all the Procfile's own. */
        public Plan(
                Map<String, String> processTypes,
                SlugRequest request,
                String appName,
                ApiToken token,
                String runStack,
                SlugIgnore ignore,
                boolean slugCarriesProcfile) {
            this(processTypes, request, appName, token, runStack, ignore, slugCarriesProcfile, null);
        }

        /** ENV is the process environment (HEROKU_APP); CREDENTIALS give the token when something will be sent. */
        public static Plan of(AppInputs inputs, Options options, Credentials credentials, Map<String, String> env) {
            AppDir app = inputs.app();
            ProcessTypes types = ProcessTypes.read(app, env);
            Map<String, String> processTypes = types.processTypes();
            AppDockerfile dockerfile = inputs.dockerfile();
            String platform = AppPlatform.titleIn(dockerfile.text()).orElse("a hand-written Dockerfile");
            SlugRequest request = slugRequest(
                    app,
                    processTypes,
                    platform,
                    StackImages.herokuName(dockerfile.stack()).orElse(null));
            if (options.verify() && !processTypes.containsKey("web")) {
                throw new SlugbuilderException(
                        ExitCode.USAGE,
                        "--verify boots the web process, and the Procfile has none",
                        "leave out --verify, or add a web process to the Procfile");
            }
            boolean send = options.output() == null && !options.dryRun();
            String appName = options.output() == null
                    ? AppName.resolve(options.appOption(), env, app.root()).name()
                    : null;
            ApiToken token = send ? credentials.token(options.apiUrl().getHost()) : null;
            String runStack =
                    options.runStack() != null ? options.runStack() : StackImages.runImage(dockerfile.stack());
            SlugIgnore ignore = SlugIgnore.read(app);
            boolean carriesProcfile =
                    !inputs.dockerignore().excludes(Procfile.NAME) && !ignore.excludes(Procfile.NAME, false);
            return new Plan(
                    processTypes,
                    request,
                    appName,
                    token,
                    runStack,
                    ignore,
                    carriesProcfile,
                    types.note().orElse(null));
        }

        /**
         * The plan of {@code slug release}: the process types given (from the slug's Procfile or
         * --procfile), the app and the commit from the app directory APP, as {@code release} has them.
         */
        public static Plan forSlug(
                Path slug,
                Map<String, String> processTypes,
                AppDir app,
                String appOption,
                URI apiUrl,
                Credentials credentials,
                Map<String, String> env) {
            SlugRequest request =
                    slugRequest(app, processTypes, slug.getFileName().toString(), null);
            String appName = AppName.resolve(appOption, env, app.root()).name();
            return new Plan(
                    processTypes, request, appName, credentials.token(apiUrl.getHost()), null, SlugIgnore.none(), true);
        }
    }

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final BiFunction<URI, ApiToken, PlatformApi> apis;

    /** APIS makes the Platform API client; CLEANUP is the command's registry. */
    public Releaser(
            ContainerEngine engine, Console console, Cleanup cleanup, BiFunction<URI, ApiToken, PlatformApi> apis) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.apis = apis;
    }

    /** Builds INPUTS' images, packs /app into a slug and ships it as PLAN says. */
    public int release(AppInputs inputs, Plan plan, Options options, AppImages.BuildSettings settings) {
        if (options.verify() && engine.images().imageId(plan.runStack()).isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "the run stack image " + plan.runStack() + " (to verify the slug on) is not in the engine",
                    "build it with 'slugbuilder stack build', or name one with --run-stack");
        }
        boolean send = options.output() == null && !options.dryRun();
        SlugShipper shipper = send ? new SlugShipper(apis.apply(options.apiUrl(), plan.token()), console) : null;
        if (send) {
            shipper.checkApp(plan.appName()); // a missing app or a token that cannot reach it fails before the build
        }
        if (plan.defaultsNote() != null) {
            console.note(plan.defaultsNote());
        }
        if (!plan.slugCarriesProcfile()) {
            console.warn(
                    "the Procfile is left out of the slug by .dockerignore or .slugignore: the release gets its process types "
                            + "from this directory's Procfile, but the slug file alone has none ('slug run' and 'slug release' of it need --procfile)");
        }

        String commitDescription = plan.request().commitDescription();
        if (options.output() == null && commitDescription != null && commitDescription.endsWith(GitInfo.DIRTY_MARKER)) {
            console.warn(GitInfo.DIRTY_WARNING);
        }
        AppImages images = new AppImages(engine, console, cleanup, inputs, settings);
        String image = images.start(images.base());
        try (Cleanup scope = cleanup.scope()) {
            Path slug = options.output() != null ? options.output() : temporarySlug(scope);
            console.step("Packing /app of " + image + " into " + (options.output() != null ? slug : "a slug"));
            SlugOptions slugOptions = options.slug().withIgnore(plan.ignore());
            SlugSummary summary = new SlugFromImage(engine, scope)
                    .pack(image, images.identity().labels("slug"), slugOptions, console::warn, slug);
            console.step("Slug: " + Console.megabytes(summary.compressedBytes()) + " ("
                    + Console.megabytes(summary.uncompressedBytes())
                    + " unpacked), " + summary.entries() + " entries, " + summary.excluded()
                    + " left out by .slugignore and .git"
                    + ", sha256 " + summary.sha256());
            if (options.verify()) {
                verify(inputs.app(), slug, plan, options);
            }
            if (options.output() != null) {
                console.result("Wrote " + slug);
                return ExitCode.OK.code;
            }
            if (options.dryRun()) {
                showDryRun(plan.appName(), options, plan.request());
                return ExitCode.OK.code;
            }
            shipper.ship(plan.appName(), slug, plan.request(), options.description());
            return ExitCode.OK.code;
        }
    }

    private void verify(AppDir app, Path slug, Plan plan, Options options) {
        String runStack = plan.runStack();
        console.step("Verifying the slug: booting web on " + runStack);
        int code;
        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services =
                    new AddonServices(engine, console, scope).up(AppIdentity.of(app), options.addons());
            code = new SlugRunner(engine, console, cleanup)
                    .run(
                            slug,
                            runStack,
                            plan.processTypes(),
                            "web",
                            options.verifyPort(),
                            services.withUserVars(options.vars()),
                            ProcessSupervisor.Mode.CHECK,
                            services.network());
        }
        if (Cleanup.shuttingDown()) {
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
        }
        if (code != 0) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "the slug's web process did not answer when booted on " + runStack + "; nothing was sent",
                    "'slugbuilder slug run' boots it the same way, so you can look closer");
        }
    }

    private void showDryRun(String appName, Options options, SlugRequest request) {
        String base = options.apiUrl().toString().replaceAll("/+$", "");
        console.result("POST " + base + "/apps/" + appName + "/slugs");
        console.result("  process_types: " + request.processTypes());
        Optional.ofNullable(request.commit()).ifPresent(c -> console.result("  commit: " + c));
        Optional.ofNullable(request.commitDescription()).ifPresent(c -> console.result("  commit_description: " + c));
        console.result("  buildpack_provided_description: " + request.buildpackProvidedDescription());
        Optional.ofNullable(request.stack()).ifPresent(s -> console.result("  stack: " + s));
        console.result("PUT the slug to the blob URL the API answers with");
        console.result("POST " + base + "/apps/" + appName + "/releases"
                + (options.description() != null ? " (description: " + options.description() + ")" : ""));
        console.note("dry run: nothing was sent");
    }

    /** The slug's request, checked as the API will check it; ORIGIN names what it was made from. */
    private static SlugRequest slugRequest(AppDir app, Map<String, String> processTypes, String origin, String stack) {
        Optional<GitInfo> git = GitInfo.of(app.root());
        SlugRequest request = new SlugRequest(
                processTypes,
                git.map(GitInfo::commit).orElse(null),
                git.map(GitInfo::description).orElse(null),
                "slugbuilder " + Version.current() + " (" + origin + ")",
                stack);
        request.checkProcessTypes();
        return request;
    }

    private static Path temporarySlug(Cleanup cleanup) {
        try {
            Path dir = PrivateFiles.createDirectory(null, "slugbuilder-release-");
            cleanup.add("the temporary slug in " + dir, () -> PrivateFiles.deleteTree(dir));
            return dir.resolve("slug.tgz");
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "cannot create a temporary directory: " + e.getMessage(),
                    "check java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ")");
        }
    }
}
