package slugbuilder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppImages;
import slugbuilder.core.Ports;
import slugbuilder.dockerdeploy.ContainerRunner;

/** {@code slugbuilder container run}: a process type's image, run as Heroku's container runtime runs it. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Build a process type's image from its Dockerfile (as container push does, for linux/amd64) and run it "
                    + "as Heroku's container runtime will: never as root (a root image runs as the unprivileged uid "
                    + "65534), PORT set and published on 127.0.0.1 (EXPOSE ignored), .env and --env as config vars, "
                    + "app.json's add-ons running beside it as start runs them, "
                    + "the command through /bin/sh -c unless the image has an ENTRYPOINT.",
            "The command is CMD (after --, e.g. container run web -- bash), else heroku.yml's run.<type>, else the "
                    + "image's CMD. VOLUME, STOPSIGNAL, SHELL and HEALTHCHECK, which the runtime ignores, are warned "
                    + "about; web must answer on $PORT within 60 s.",
            "Ctrl-C stops and removes the container; the process's exit code becomes slugbuilder's."
        })
final class ContainerRunCommand extends ContextCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TYPE",
            defaultValue = "web",
            description = "The process type to run (default: ${DEFAULT-VALUE}).")
    String type;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "CMD",
            description = "The command to run instead of heroku.yml's run.<type> or the image's CMD.")
    List<String> command = new ArrayList<>();

    @Option(
            names = {"-p", "--port"},
            paramLabel = "N",
            defaultValue = "" + Ports.DEFAULT,
            description = "PORT, and the port on 127.0.0.1 where web answers (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = {"-R", "--recursive"},
            description = "Find the type's Dockerfile.<type> below the app directory too; the closest one wins.")
    boolean recursive;

    @Option(
            names = "--context-path",
            paramLabel = "DIR",
            description = "The build context (default: the directory of the type's Dockerfile).")
    Path contextPath;

    @Mixin
    AppDirOption dir;

    @Mixin
    ConfigVarOptions config;

    @Mixin
    BuildOptions build;

    @Mixin
    AddonOptions addons;

    @Override
    int run(CommandContext context) {
        AppDir app = dir.app();
        AppImages.BuildSettings settings = build.settings();
        ContainerRunner.Options options = new ContainerRunner.Options(
                type,
                command,
                recursive,
                port,
                config.vars(app, context.console()),
                settings.buildArgs(),
                settings.network(),
                contextPath,
                addons.plan(app, context.env()));
        ContainerRunner.Plan plan = ContainerRunner.plan(app, options);
        return new ContainerRunner(context.engine(), context.console(), context.cleanup()).run(app, plan);
    }
}
