package slugbuilder.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppManifest;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.run.ExecRunner;

/** {@code slugbuilder exec CMD...}: a one-off command in the app's image. */
@Command(
        name = "exec",
        mixinStandardHelpOptions = true,
        description =
                "Run a one-off command in the app's base image with .env applied, the app directory mounted at /app/src "
                        + "and your own uid:gid, so files it writes (e.g. npm install) belong to you. "
                        + "With a terminal, the command gets a TTY and your keyboard; otherwise it gets no input.")
final class ExecCommand extends ContextCommand {
    @Mixin
    AppDirOption dir;

    @Mixin
    ConfigVarOptions config;

    @Mixin
    HerokuConfigOptions herokuConfig;

    @Mixin
    BuildOptions build;

    @Mixin
    AddonOptions addons;

    @Mixin
    AppEnvironmentOption environment;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments, e.g. npm install.")
    List<String> command;

    @Override
    int run(CommandContext context) {
        AppDir app = dir.app();
        AppManifest manifest = environment.manifest(app, context.console());
        AddonPlan plan = addons.plan(manifest, context.env());
        Map<String, String> vars = config.vars(herokuConfig.fetch(app, context), app, manifest, plan, context);
        AppImages.BuildSettings settings = build.settings();
        AppInputs inputs = AppInputs.read(app); // checked before the engine is contacted
        return new ExecRunner(context.engine(), context.console(), context.cleanup())
                .exec(inputs, command, vars, plan, settings, context.terminal(), System.in, System.out, System.err);
    }
}
