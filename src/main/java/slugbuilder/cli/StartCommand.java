package slugbuilder.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Ports;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.run.AppRunner;
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

    @Parameters(
            arity = "0..1",
            paramLabel = "PROCESS",
            description = "The Procfile process type to run (default: ${DEFAULT-VALUE}).",
            defaultValue = "web")
    String process;

    @Option(
            names = "--all",
            description =
                    "Run every process in the Procfile but release; each type gets the port 100 above the previous one.")
    boolean all;

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
        List<Procfile.Entry> processes = AppRunner.processes(types.procfile(), all, process);
        Ports.requireValid(port, processes.size());
        Map<String, String> platformVars = herokuConfig.fetch(app, context);
        AppRunner.Options run = new AppRunner.Options(
                process,
                all,
                port,
                config.vars(platformVars, app, context.console()),
                mount,
                detach,
                !noRelease,
                addons.plan(app, context.env()));
        AppImages.BuildSettings settings = build.settings();
        AppInputs inputs = AppInputs.read(app);
        AppRunner runner = new AppRunner(context.engine(), context.console(), context.cleanup());
        if (watch) {
            runner.watching(() -> {
                ProcessTypes now = ProcessTypes.read(app, context.env());
                return new WatchSession.Config(
                        AppRunner.processes(now.procfile(), all, process),
                        config.vars(platformVars, app, context.console()),
                        addons.plan(app, context.env()));
            });
        }
        return runner.start(inputs, types, processes, run, settings);
    }
}
