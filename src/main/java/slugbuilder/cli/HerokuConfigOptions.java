package slugbuilder.cli;

import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.config.ConfigPull;
import slugbuilder.heroku.AppName;

/**
 * {@code --heroku-config} for start and exec: the Heroku app's config vars, fetched when the
 * command starts and handed to the processes only, never written to disk. As with config pull,
 * the add-ons' own variables are left out unless --include-addon-vars.
 */
final class HerokuConfigOptions {
    @Option(
            names = "--heroku-config",
            description = "Also give the processes the Heroku app's config vars, fetched now and never written to disk "
                    + "(add-ons' variables left out); .env, --env-file and --env win over them.")
    boolean enabled;

    @Option(
            names = "--include-addon-vars",
            description = "With --heroku-config: take the add-ons' variables too (DATABASE_URL, ...): they point at "
                    + "the platform's resources, not the local services.")
    boolean includeAddonVars;

    @Option(
            names = {"-a", "--app"},
            paramLabel = "APP",
            description = "The Heroku app for --heroku-config (default: HEROKU_APP, else the git remote heroku).")
    String app;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "The Platform API's base URL for --heroku-config (default: " + ApiOptions.API_URL_ENV
                    + ", else https://api.heroku.com).")
    URI apiUrl;

    /** The app's config vars when --heroku-config is given, else none; the other options need it. */
    Map<String, String> fetch(AppDir appDir, CommandContext context) {
        if (!enabled) {
            for (String given : new String[] {
                includeAddonVars ? "--include-addon-vars" : null,
                app != null ? "--app" : null,
                apiUrl != null ? "--api-url" : null
            }) {
                if (given != null) {
                    throw new SlugbuilderException(
                            ExitCode.USAGE, given + " does nothing without --heroku-config", "add --heroku-config");
                }
            }
            return Map.of();
        }
        ApiOptions api = new ApiOptions();
        api.apiUrl = apiUrl;
        URI url = api.url(context.env());
        String appName = AppName.resolve(app, context.env(), appDir.root()).name();
        ConfigPull.PlatformVars vars = ConfigPull.PlatformVars.fetch(
                context.api(url, context.credentials().token(url.getHost())), appName, includeAddonVars);
        vars.tell(context.console(), appName, vars.vars().keySet());
        context.console()
                .note("took " + vars.vars().size() + " config vars of " + appName
                        + " from Heroku (.env, --env-file and --env win over them)");
        return vars.vars();
    }
}
