package slugbuilder.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.run.AppImages;
import slugbuilder.run.AppRunner;
import slugbuilder.run.Ports;

/** {@code slugbuilder start}: builds the app and runs a Procfile process as a dyno would. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {
            "Build the app's images and run a Procfile process (default: web) exactly as a dyno would: as a non-root user in /app, "
                    + "after sourcing /app/.profile.d/*.sh and /app/.profile, with .env and PORT set. Ports are published on 127.0.0.1.",
            "Ctrl-C stops and removes everything; the process's exit code becomes slugbuilder's."
        })
final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions options;

    @Parameters(arity = "0..1", paramLabel = "PROCESS", description = "The Procfile process type to run (default: ${DEFAULT-VALUE}).",
            defaultValue = "web")
    String process;

    @Option(names = "--all", description = "Run every process in the Procfile; each type gets the port 100 above the previous one.")
    boolean all;

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "" + Ports.DEFAULT,
            description = "The port the (first) process gets as PORT and listens on at 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mount", description = "Bind-mount the app directory at /app/src, so code changes show without a rebuild.")
    boolean mount;

    @Option(names = "--detach", description = "Return once the web process answers, leaving it running ('slugbuilder stop' stops it).")
    boolean detach;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        AppDir app = options.app();
        AppRunner.Options run = new AppRunner.Options(process, all, port, options.vars(app), mount, detach);
        AppImages.BuildSettings settings = options.buildSettings();
        // the app's own files are checked before the engine is contacted
        Procfile procfile = Procfile.read(app);
        if (!all) {
            procfile.require(process);
        }
        AppDockerfile.read(app);
        try (ContainerEngine engine = DockerJavaEngine.connect()) {
            return new AppRunner(engine, console).start(app, run, settings);
        }
    }
}
