package slugbuilder.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.run.AppImages;
import slugbuilder.run.ExecRunner;

/** {@code slugbuilder exec CMD...}: a one-off command in the app's image. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a one-off command in the app's base image with .env applied, the app directory mounted at /app/src "
                + "and your own uid:gid, so files it writes (e.g. npm install) belong to you. "
                + "With a terminal, the command gets a TTY and your keyboard; otherwise it gets no input.")
final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions options;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments, e.g. npm install.")
    List<String> command;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        AppDir app = options.app();
        Map<String, String> vars = options.vars(app);
        AppImages.BuildSettings settings = options.buildSettings();
        AppDockerfile.read(app); // checked before the engine is contacted
        boolean tty = System.console() != null;
        try (ContainerEngine engine = DockerJavaEngine.connect()) {
            return new ExecRunner(engine, console).exec(app, command, vars, settings, tty, System.in, System.out, System.err);
        }
    }
}
