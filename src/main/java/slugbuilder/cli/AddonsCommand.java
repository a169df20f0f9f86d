package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import slugbuilder.app.AppDir;
import slugbuilder.core.AddonTools;
import slugbuilder.core.AppIdentity;

/** {@code slugbuilder addons}: the app.json add-ons as they run here. */
@Command(
        name = "addons",
        mixinStandardHelpOptions = true,
        description = {
            "List the app's add-ons (app.json's addons) as slugbuilder runs them: attachment, add-on, image, state,"
                    + " and the URL the app gets (password masked).",
            "Data lives in named volumes that survive stop and start; 'clean --volumes' removes them."
        },
        subcommands = {AddonsCommand.Shell.class})
final class AddonsCommand extends ContextCommand {
    @Mixin
    AppDirOption dir;

    @Mixin
    AddonOptions addons;

    @Override
    int run(CommandContext context) {
        AppDir app = dir.app();
        var plan = addons.plan(app, context.env());
        var lines =
                new AddonTools(context.engine(), context.console(), context.cleanup()).list(AppIdentity.of(app), plan);
        if (lines.isEmpty()) {
            context.console().note("app.json lists no add-on that runs here");
        }
        lines.forEach(context.console()::result);
        return 0;
    }

    @Command(
            name = "shell",
            mixinStandardHelpOptions = true,
            description = {
                "Open the add-on's client (psql, redis-cli, mysql) against it, starting its service when it"
                        + " is not running; with a terminal, it gets a TTY and your keyboard.",
                "Arguments after -- go to the client, for one-off queries without a terminal:"
                        + " addons shell DATABASE -- -c 'select 1', addons shell REDIS -- ping."
            })
    static final class Shell extends ContextCommand {
        @ParentCommand
        AddonsCommand parent;

        @Mixin
        AppDirOption dir;

        @Mixin
        AddonOptions addons;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description =
                        "The add-on: its attachment (DATABASE), its name (heroku-postgresql) or its service (postgres).")
        String name;

        @Parameters(
                index = "1..*",
                paramLabel = "ARGS",
                description =
                        "Arguments for the client, after --: psql's -c QUERY, mysql's -e QUERY, a redis-cli command.")
        List<String> args = new ArrayList<>();

        @Override
        int run(CommandContext context) {
            // 'addons --dir X shell NAME' and 'addons shell NAME --dir X' both name the app
            boolean own = spec.commandLine().getParseResult().hasMatchedOption("--dir");
            AppDir app = own ? dir.app() : parent.dir.app();
            addons.images.addAll(0, parent.addons.images);
            var plan = addons.plan(app, context.env());
            return new AddonTools(context.engine(), context.console(), context.cleanup())
                    .shell(
                            AppIdentity.of(app),
                            plan,
                            name,
                            args,
                            context.terminal(),
                            System.in,
                            System.out,
                            System.err);
        }
    }
}
