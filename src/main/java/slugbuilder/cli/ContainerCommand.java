package slugbuilder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import slugbuilder.ExitCode;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppImages;
import slugbuilder.dockerdeploy.ContainerPusher;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;

/** {@code slugbuilder container}: Heroku's container path, the app's own Dockerfiles as images. */
@Command(
        name = "container",
        mixinStandardHelpOptions = true,
        description = "Ship an app as its own Docker images (Heroku's Container Registry & Runtime).",
        subcommands = {ContainerCommand.Push.class, ContainerReleaseCommand.class, ContainerRunCommand.class})
final class ContainerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a container command is required (push, release, run)");
    }

    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description = {
                "Build each process type's image from its Dockerfile for linux/amd64 and push it to "
                        + "<registry>/<app>/<type>:latest.",
                "Dockerfile.<type> builds TYPE (Dockerfile, when one type is named); --recursive finds every "
                        + "Dockerfile.<type> below the app, the closest winning; heroku.yml's build.docker, when "
                        + "present, decides instead, and its build.config gives build arguments.",
                "Every image is checked before the first upload: linux/amd64, a CMD or ENTRYPOINT, an engine "
                        + "that pushes Docker V2 schema 2 manifests. The registry's manifest is read back after the push.",
                "The registry login is username _ and the API token (HEROKU_API_KEY, else ~/.netrc), handed to the "
                        + "engine for this push only: never written to ~/.docker/config.json, never printed."
            })
    static final class Push extends ContextCommand {
        @Parameters(
                arity = "0..*",
                paramLabel = "TYPE",
                description = "The process types to push (default with --recursive or heroku.yml: every one found).")
        List<String> types = new ArrayList<>();

        @Option(
                names = {"-R", "--recursive"},
                description = "Find every Dockerfile.<type> below the app directory; the closest one of a type wins.")
        boolean recursive;

        @Option(
                names = "--context-path",
                paramLabel = "DIR",
                description = "The build context of every type (default: the directory of the type's Dockerfile).")
        Path contextPath;

        @Option(
                names = "--registry",
                paramLabel = "HOST[:PORT]",
                description = "The registry (default: " + Registry.ENV_VAR + ", else " + Registry.DEFAULT + ").")
        String registry;

        @Mixin
        AppDirOption dir;

        @Mixin
        BuildOptions build;

        @Mixin
        ApiOptions api;

        @Override
        int run(CommandContext context) {
            AppDir appDir = dir.app();
            AppImages.BuildSettings settings = build.settings();
            ContainerPusher.Options options = new ContainerPusher.Options(
                    types,
                    recursive,
                    api.app,
                    Registry.of(registry, context.env()),
                    settings.buildArgs(),
                    settings.network(),
                    contextPath,
                    api.url(context.env()));
            ContainerPusher.Plan plan = ContainerPusher.plan(appDir, options, context.credentials(), context.env());
            if (recursive
                    && plan.herokuYml().map(yml -> !yml.dockerfiles().isEmpty()).orElse(false)) {
                context.console().note("heroku.yml's build.docker names the Dockerfiles; --recursive looks for none");
            }
            new ContainerPusher(context.engine(), context.console(), OkHttpRegistryClient::new).push(appDir, plan);
            return ExitCode.OK.code;
        }
    }
}
