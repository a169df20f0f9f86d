package slugbuilder.cli;

import picocli.CommandLine.Option;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.console.Console;

/** {@code --environment NAME}: which of app.json's environments a run takes (the top level by default). */
final class AppEnvironmentOption {
    @Option(
            names = "--environment",
            paramLabel = "NAME",
            description = "Lay app.json's environments.NAME (e.g. review, test) over its top level: its addons, env,"
                    + " scripts and formation apply, as on a Heroku review app or CI run.")
    String name;

    /**
     * APP's app.json for this run. A name app.json does not declare is the top level, as on Heroku,
     * with a note naming the environments it has.
     */
    AppManifest manifest(AppDir app, Console console) {
        AppJson json = AppJson.read(app);
        if (name != null && !json.environmentNames().contains(name)) {
            console.note("app.json has no environments." + name + " ("
                    + (json.environmentNames().isEmpty()
                            ? "it declares none"
                            : "it declares " + String.join(", ", json.environmentNames()))
                    + "); its top level applies, as on Heroku");
        }
        return json.environment(name);
    }
}
