package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppManifest;
import slugbuilder.console.Console;
import slugbuilder.core.AppConfig;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppSecrets;
import slugbuilder.core.ConfigVars;

/** Config vars for the processes a command runs: .env, then --env-file, then --env (later wins). */
final class ConfigVarOptions {
    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "A config var; wins over --env-file and .env. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "More config vars in .env syntax; wins over .env. Repeatable.")
    List<String> envFiles = new ArrayList<>();

    /** The merged config vars; APP's .env first, when there is an app (null: none). CONSOLE gets their warnings. */
    Map<String, String> vars(AppDir app, Console console) {
        return vars(Map.of(), app, console);
    }

    /** The same on top of PLATFORM_VARS (--heroku-config's), which every other source overrides. */
    Map<String, String> vars(Map<String, String> platformVars, AppDir app, Console console) {
        return ConfigVars.collect(platformVars, app, envFiles, env, console::warn);
    }

    /**
     * The config vars of a run of APP: the user's (PLATFORM_VARS, .env, --env-file, --env) over
     * MANIFEST's env (values, generated secrets), the variables PLAN's add-ons set left to them. A
     * required variable without a value stops the command here, before any work.
     */
    Map<String, String> vars(
            Map<String, String> platformVars,
            AppDir app,
            AppManifest manifest,
            AddonPlan plan,
            CommandContext context) {
        Map<String, String> user = vars(platformVars, app, context.console());
        return AppConfig.resolve(
                manifest,
                AppConfig.addonVars(plan),
                user,
                AppSecrets.of(AppIdentity.of(app), context.env(), context.console()));
    }
}
