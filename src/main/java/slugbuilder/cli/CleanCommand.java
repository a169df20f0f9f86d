package slugbuilder.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.Labels;
import slugbuilder.run.Janitor;

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

    @Option(names = "--volumes", description = "Remove the add-ons' data volumes too (kept otherwise).")
    boolean volumes;

    @Override
    int run(CommandContext context) {
        Map<String, String> filter =
                all ? Map.of(Labels.TOOL, "true") : AppIdentity.of(dir.app()).appFilter();
        Janitor janitor = new Janitor(context.engine(), context.console());
        janitor.clean(filter, all);
        janitor.cleanVolumes(filter, volumes);
        return ExitCode.OK.code;
    }
}
