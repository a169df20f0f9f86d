package slugbuilder.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Ports;
import slugbuilder.release.Releaser;
import slugbuilder.slug.SlugOptions;

/** {@code slugbuilder release}: packs /app of the app's image into a slug and releases it on Heroku. */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = {
            "Build the app's image, pack its /app into a slug (entries under ./app/, .slugignore applied) and release it "
                    + "through the Heroku Platform API: create the slug with the Procfile's process types, upload it, create the release.",
            "The API token comes from HEROKU_API_KEY, else ~/.netrc; it is never printed.",
            "With --output or --dry-run nothing is sent."
        })
final class ReleaseCommand extends ContextCommand {

    @Mixin
    AppDirOption dir;

    @Mixin
    ConfigVarOptions config;

    @Mixin
    BuildOptions build;

    @Mixin
    ApiOptions api;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the slug to FILE and send nothing.")
    Path output;

    @Option(names = "--dry-run", description = "Build and pack the slug, show what would be sent, send nothing.")
    boolean dryRun;

    @Option(
            names = "--verify",
            description =
                    "Before sending, boot the slug on the run stack as a dyno would and require the web process to answer.")
    boolean verify;

    @Option(
            names = "--run-stack",
            paramLabel = "IMAGE",
            description = "The image --verify boots the slug on (default: the Dockerfile's stack without -build).")
    String runStack;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "N",
            defaultValue = "" + Ports.DEFAULT,
            description = "The port --verify gives the web process (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    SlugPackingOptions packing;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "TEXT",
            description = "The release's description.")
    String message;

    @Mixin
    AddonOptions addons;

    @Override
    int run(CommandContext context) {
        if (output != null && dryRun) {
            throw new SlugbuilderException(ExitCode.USAGE, "--output and --dry-run both send nothing; choose one");
        }
        if (!verify) {
            // config vars and the port serve the boot --verify makes; the release itself takes neither
            for (String option : List.of("--env", "--env-file", "--run-stack", "--port", "--addon-image")) {
                refuseGiven(
                        option,
                        "add --verify, or leave out " + option
                                + " (a release's config vars are set on the platform: heroku config:set)");
            }
        }
        if (output != null) {
            refuseGiven("--message", "leave out --message: with --output nothing is released");
            OutputFile.check(output, "--output", context.console());
        }
        Ports.requireValid(port, 1);
        AppDir appDir = dir.app();
        SlugOptions slug = packing.slugOptions();
        URI apiUrl = api.url(context.env());
        AppManifest manifest = verify ? AppJson.read(appDir).base() : AppManifest.EMPTY;
        AddonPlan addonPlan = verify ? addons.plan(manifest, context.env()) : AddonPlan.none();
        Releaser.Options release = new Releaser.Options(
                api.app,
                apiUrl,
                output,
                dryRun,
                verify,
                runStack,
                port,
                verify ? config.vars(Map.of(), appDir, manifest, addonPlan, context) : Map.of(),
                slug,
                message,
                addonPlan);
        AppInputs inputs = AppInputs.read(appDir);
        Releaser.Plan plan = Releaser.Plan.of(inputs, release, context.credentials(), context.env());
        return new Releaser(context.engine(), context.console(), context.cleanup(), context::api)
                .release(inputs, plan, release, build.settings());
    }

    private void refuseGiven(String option, String hint) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new SlugbuilderException(ExitCode.USAGE, option + " does nothing here", hint);
        }
    }
}
