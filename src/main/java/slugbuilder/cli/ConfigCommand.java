package slugbuilder.cli;

import java.net.URI;
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
import slugbuilder.app.DotEnv;
import slugbuilder.config.ConfigPull;
import slugbuilder.heroku.AppName;

/** {@code slugbuilder config ...}: the Heroku app's config vars, locally. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "The Heroku app's config vars, locally.",
        subcommands = {ConfigCommand.Pull.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a config command is required (pull)");
    }

    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description = {
                "Write the Heroku app's config vars into .env (mode 0600), quoted so that .env readers get each value exactly.",
                "Keys already in the file keep a different local value unless --overwrite; other lines stay as they are. "
                        + "Only names are printed, never a value.",
                "Add-ons' variables (DATABASE_URL, REDIS_URL, ...) are left out: locally the add-on services provide them.",
                "The API token comes from HEROKU_API_KEY, else ~/.netrc; it is never printed."
            })
    static final class Pull extends ContextCommand {
        @Mixin
        AppDirOption dir;

        @Mixin
        ApiOptions api;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "The file to write, relative to the app (default: " + DotEnv.NAME + ").")
        String file = DotEnv.NAME;

        @Option(names = "--overwrite", description = "Replace local values that differ from the app's.")
        boolean overwrite;

        @Option(
                names = "--include-addon-vars",
                description =
                        "Take the add-ons' variables too: they point at the platform's resources, not the local services.")
        boolean includeAddonVars;

        @Parameters(paramLabel = "KEY", arity = "0..*", description = "Pull only these keys.")
        List<String> keys = new ArrayList<>();

        @Override
        int run(CommandContext context) {
            AppDir app = dir.app();
            URI apiUrl = api.url(context.env());
            ConfigPull.Options options = new ConfigPull.Options(file, overwrite, includeAddonVars, List.copyOf(keys));
            new ConfigPull(context.console())
                    .pull(
                            app,
                            options,
                            () -> AppName.resolve(api.app, context.env(), app.root())
                                    .name(),
                            () -> context.api(apiUrl, context.credentials().token(apiUrl.getHost())));
            return ExitCode.OK.code;
        }
    }
}
