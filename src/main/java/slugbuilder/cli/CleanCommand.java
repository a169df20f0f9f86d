package slugbuilder.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.Script;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppLock;
import slugbuilder.core.ConfigVars;
import slugbuilder.engine.Labels;
import slugbuilder.run.Janitor;
import slugbuilder.run.Predestroy;

/** {@code slugbuilder clean}: removes what slugbuilder created, found by its labels. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description =
                "Remove the containers and images slugbuilder created for this app (or, with --all, for every app). "
                        + "Stack images stay, and so do the add-ons' data volumes unless --volumes says otherwise.")
final class CleanCommand extends ContextCommand {
    @Mixin
    AppDirOption dir;

    @Option(
            names = "--all",
            description = "Clean up after every app, not only this one, including the steps failed builds left behind.")
    boolean all;

    @Option(
            names = "--volumes",
            description =
                    "Remove the add-ons' data volumes too (kept otherwise), after app.json's scripts.pr-predestroy.")
    boolean volumes;

    @Override
    int run(CommandContext context) {
        Janitor janitor = new Janitor(context.engine(), context.console());
        if (all) {
            clean(janitor, Map.of(Labels.TOOL, "true"));
            return ExitCode.OK.code;
        }
        AppIdentity identity = AppIdentity.of(dir.app());
        if (volumes) {
            predestroy(context, identity);
        }
        // not while another command of the app sets its network and services up
        try (AppLock lock = AppLock.acquire(AppLock.directory(context.env()), identity, context.console())) {
            clean(janitor, identity.appFilter());
        }
        return ExitCode.OK.code;
    }

    /** app.json's scripts.pr-predestroy, before the data goes; an app.json it cannot read is no reason to keep the data. */
    private void predestroy(CommandContext context, AppIdentity identity) {
        AppDir app = dir.app();
        Script script;
        AddonPlan plan;
        Map<String, String> vars;
        try {
            script = AppJson.read(app).base().script(Script.PR_PREDESTROY).orElse(null);
            if (script == null) {
                return;
            }
            plan = new AddonOptions().plan(app, context.env());
            vars = ConfigVars.collect(app, List.of(), List.of(), context.console()::warn);
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
