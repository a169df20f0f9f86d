package slugbuilder.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.citest.TestRunGit;
import slugbuilder.citest.TestRunner;
import slugbuilder.core.AppConfig;
import slugbuilder.core.AppInputs;
import slugbuilder.core.AppSecrets;

/** {@code slugbuilder test}: Heroku CI's test run, done locally. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run the app's tests as Heroku CI does: build it with its development dependencies, start app.json's"
                    + " environments.test add-ons fresh (in-dyno plans once per test dyno), then run scripts.test-setup"
                    + " and scripts.test (else the platform's default test command) in formation.test.quantity dynos"
                    + " in parallel, with CI=true, HEROKU_TEST_RUN_ID, CI_NODE_TOTAL and CI_NODE_INDEX.",
            "Exits with the first failing dyno's code, else 0; nothing is kept afterwards, on Ctrl-C too."
        })
final class TestCommand extends ContextCommand {
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

    @Override
    int run(CommandContext context) {
        AppDir app = dir.app();
        // the app's own files and the options are checked before the engine is contacted
        AppManifest manifest = AppJson.read(app).environment(AppJson.TEST);
        TestRunner.Command test = TestRunner.testCommand(app, manifest, context.env());
        test.note().ifPresent(context.console()::note);
        var settings = build.settings();
        AddonPlan addonPlan = addons.plan(manifest.addons(), context.env());
        // app.json's env under the user's, as start resolves it; a test run is a throwaway app,
        // as on Heroku CI, so its generated secrets are made for the run and kept nowhere
        Map<String, String> vars = AppConfig.resolve(
                manifest,
                AppConfig.addonVars(addonPlan),
                config.vars(herokuConfig.fetch(app, context), app, context.console()),
                AppSecrets.fresh());
        var plan = new TestRunner.Plan(
                manifest,
                test.setup(),
                test.test(),
                TestRunner.quantity(manifest),
                addonPlan,
                vars,
                TestRunGit.of(app.root()));
        AppInputs inputs = AppInputs.read(app);
        return new TestRunner(context.engine(), context.console(), context.cleanup()).run(inputs, plan, settings);
    }
}
