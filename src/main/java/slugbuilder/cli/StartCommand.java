package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.appjson.AppManifest;
import slugbuilder.appjson.Script;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Ports;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.run.AppRunner;
import slugbuilder.run.DynoPlan;
import slugbuilder.run.WatchSession;

/** {@code slugbuilder start}: builds the app and runs a Procfile process as a dyno would. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Build the app's images and run a Procfile process (default: web) exactly as a dyno would: as a non-root user in /app, "
                    + "after sourcing /app/.profile.d/*.sh and /app/.profile, with .env and PORT set. Ports are published on 127.0.0.1.",
            "Ctrl-C stops and removes everything; the process's exit code becomes slugbuilder's."
        })
final class StartCommand extends ContextCommand {
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

    @Parameters(
            arity = "0..1",
            paramLabel = "PROCESS",
            description = "The Procfile process type to run (default: ${DEFAULT-VALUE}).",
            defaultValue = "web")
    String process;

    @Option(
            names = "--all",
            description =
                    "Run every process type in the Procfile but release, as many dynos of each as app.json's formation"
                            + " says (1 when it says nothing); each type's ports start 100 above the previous one's.")
    boolean all;

    @Option(
            names = {"-m", "--formation"},
            paramLabel = "TYPE=N,...",
            description = "How many dynos of each process type to run, over app.json's formation (as foreman's"
                    + " concurrency: web=2,worker=1; all=N for the types not named). Repeatable.")
    List<String> formation = new ArrayList<>();

    @Option(
            names = "--postdeploy",
            description = "Run app.json's scripts.postdeploy even though it ran against the add-ons' data already.")
    boolean postdeploy;

    @Option(
            names = "--no-release",
            description = "Skip the release phase (the Procfile's release command, otherwise run to completion first).")
    boolean noRelease;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "N",
            defaultValue = "" + Ports.DEFAULT,
            description =
                    "The port the (first) process gets as PORT and listens on at 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--mount",
            description = "Bind-mount the app directory at /app/src, so code changes show without a rebuild.")
    boolean mount;

    @Option(
            names = "--detach",
            description = "Return once the web process answers, leaving it running ('slugbuilder stop' stops it).")
    boolean detach;

    @Option(
            names = "--watch",
            description = "Stay in the foreground and follow changed files: sources are copied in and the processes"
                    + " restart; .env, Procfile and app.json recreate them; a dependency manifest or the Dockerfile"
                    + " rebuilds (a failed build leaves them running).")
    boolean watch;

    @Override
    int run(CommandContext context) {
        if (watch && detach) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--watch runs in the foreground and cannot be combined with --detach",
                    "drop --detach to follow changes, or --watch to leave the app running in the background");
        }
        AppDir app = dir.app();
        // the app's own files and the options are checked before the engine is contacted
        ProcessTypes types = ProcessTypes.read(app, context.env());
        AppManifest manifest = environment.manifest(app, context.console());
        AddonPlan addonPlan = addons.plan(manifest, context.env());
        DynoPlan dynos = dynoPlan(types, manifest);
        Script postdeployScript = manifest.script(Script.POSTDEPLOY).orElse(null);
        if (postdeploy && postdeployScript == null) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--postdeploy: app.json has no scripts.postdeploy to run",
                    "add \"scripts\": {\"postdeploy\": \"bin/seed\"} to app.json, or leave the option out");
        }
        Map<String, String> platformVars = herokuConfig.fetch(app, context);
        AppRunner.Options run = new AppRunner.Options(
                process,
                all,
                port,
                config.vars(platformVars, app, manifest, addonPlan, context),
                mount,
                detach,
                !noRelease,
                addonPlan,
                postdeployScript,
                postdeploy);
        AppImages.BuildSettings settings = build.settings();
        AppInputs inputs = AppInputs.read(app);
        AppRunner runner = new AppRunner(context.engine(), context.console(), context.cleanup());
        if (watch) {
            // after .env, Procfile or app.json change: everything read again as above
            runner.watching(() -> {
                ProcessTypes now = ProcessTypes.read(app, context.env());
                AppManifest json = environment.manifest(app, context.console());
                AddonPlan plan = addons.plan(json, context.env());
                return new WatchSession.Config(
                        dynoPlan(now, json), config.vars(platformVars, app, json, plan, context), plan);
            });
        }
        return runner.start(inputs, types, dynos, run, settings);
    }

    /** The dynos to run: the process (or with --all every type), as many as app.json's formation and --formation say. */
    private DynoPlan dynoPlan(ProcessTypes types, AppManifest manifest) {
        List<Procfile.Entry> processes = AppRunner.processes(types.procfile(), all, process);
        return DynoPlan.of(
                types.procfile(), processes, all, manifest.formation(), DynoPlan.parseOverrides(formation), port);
    }
}
