package slugbuilder.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.appjson.Script;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppLock;
import slugbuilder.core.AppSecrets;
import slugbuilder.engine.Labels;
import slugbuilder.run.Janitor;
import slugbuilder.run.Predestroy;

/** {@code slugbuilder clean}: removes what slugbuilder created, found by its labels. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description =
                "Remove the containers and images slugbuilder created for this app (or, with --all, for every app). "
                        + "Stack images stay, and so do the add-ons' data volumes and app.json's generated secrets unless --volumes"
                        + " says otherwise.")
final class CleanCommand extends ContextCommand {
    @Mixin
    AppDirOption dir;

    @Option(
            names = "--all",
            description = "Clean up after every app, not only this one, including the steps failed builds left behind.")
    boolean all;

    @Option(
            names = "--volumes",
            description = "Remove the add-ons' data volumes and app.json's generated secrets too (kept otherwise),"
                    + " after app.json's scripts.pr-predestroy.")
    boolean volumes;

    @Override
    int run(CommandContext context) {
        Janitor janitor = new Janitor(context.engine(), context.console());
        if (all) {
            clean(janitor, Map.of(Labels.TOOL, "true"));
            if (volumes) {
                int apps = AppSecrets.removeAll(context.env());
                if (apps > 0) {
                    context.console()
                            .step("Removed the generated secrets of " + apps + " app" + (apps == 1 ? "" : "s"));
                }
            }
            return ExitCode.OK.code;
        }
        AppIdentity identity = AppIdentity.of(dir.app());
        if (volumes) {
            predestroy(context, identity);
        }
        // not while another command of the app sets its network and services up
        try (AppLock lock = AppLock.acquire(AppLock.directory(context.env()), identity, context.console())) {
            clean(janitor, identity.appFilter());
            cleanSecrets(context, identity);
        }
        return ExitCode.OK.code;
    }

    /** app.json's generated secrets are the app's data: they go with the volumes, and stay otherwise. */
    private void cleanSecrets(CommandContext context, AppIdentity identity) {
        if (!AppSecrets.exist(context.env(), identity)) {
            return;
        }
        if (volumes) {
            AppSecrets.remove(context.env(), identity);
            context.console().step("Removed the app's generated secrets (app.json env)");
        } else {
            context.console().note("kept the app's generated secrets (app.json env); 'clean --volumes' removes them");
        }
    }

    /** app.json's scripts.pr-predestroy, before the data goes; an app.json it cannot read is no reason to keep the data. */
    private void predestroy(CommandContext context, AppIdentity identity) {
        AppDir app = dir.app();
        Script script;
        AddonPlan plan;
        Map<String, String> vars;
        try {
            AppManifest manifest = AppJson.read(app).base();
            script = manifest.script(Script.PR_PREDESTROY).orElse(null);
            if (script == null) {
                return;
            }
            plan = new AddonOptions().plan(manifest, context.env());
            // as the app's dynos saw them: .env over app.json's env, its generated secrets included
            vars = new ConfigVarOptions().vars(Map.of(), app, manifest, plan, context);
        } catch (SlugbuilderException e) {
            context.console().warn("pr-predestroy did not run: " + e.getMessage());
            return;
        }
        new Predestroy(context.engine(), context.console(), context.cleanup()).run(identity, script, plan, vars);
    }

    private void clean(Janitor janitor, Map<String, String> filter) {
        janitor.clean(filter, all);
        janitor.cleanVolumes(filter, volumes);
    }
}
