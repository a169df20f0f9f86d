package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import slugbuilder.ExitCode;
import slugbuilder.app.AppDir;
import slugbuilder.dockerdeploy.ContainerReleaser;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;

/** {@code slugbuilder container release}: points the app's formation at the pushed images. */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = {
            "Release the images pushed for each TYPE: one formation update (PATCH /apps/APP/formation) names each"
                    + " type's image id, read from <registry>/<app>/<type>:latest (its config digest).",
            "The app must be on the container stack (checked first; nothing is changed otherwise). The release"
                    + " phase is the CMD of the image released as type release (heroku.yml's release.image may name"
                    + " another type's); its output is streamed, and \"Released vN of APP\" comes only once the"
                    + " release succeeded. A failed release phase exits with 5; Ctrl-C leaves it to the platform."
        })
final class ContainerReleaseCommand extends ContextCommand {
    @Parameters(
            arity = "0..*",
            paramLabel = "TYPE",
            description = "The pushed process types to release (default with heroku.yml: its build.docker types).")
    List<String> types = new ArrayList<>();

    @Option(
            names = "--registry",
            paramLabel = "HOST[:PORT]",
            description = "The registry the images were pushed to (default: " + Registry.ENV_VAR + ", else "
                    + Registry.DEFAULT + ").")
    String registry;

    @Mixin
    AppDirOption dir;

    @Mixin
    ApiOptions api;

    @Override
    int run(CommandContext context) {
        AppDir appDir = dir.app();
        ContainerReleaser.Options options = new ContainerReleaser.Options(
                types, api.app, Registry.of(registry, context.env()), api.url(context.env()));
        ContainerReleaser.Plan plan = ContainerReleaser.Plan.of(appDir, options, context.credentials(), context.env());
        new ContainerReleaser(context.api(plan.apiUrl(), plan.token()), context.console(), OkHttpRegistryClient::new)
                .release(plan);
        return ExitCode.OK.code;
    }
}
