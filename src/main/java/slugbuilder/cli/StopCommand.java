package slugbuilder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.Labels;
import slugbuilder.release.SlugRunner;
import slugbuilder.run.Janitor;

/** {@code slugbuilder stop}: stops and removes the app's containers (e.g. after start --detach). */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop and remove the app's running containers, add-on services included (their data stays).")
final class StopCommand extends ContextCommand {
    @Mixin
    AppDirOption dir;

    @Option(names = "--slugs", description = "Stop the slugs booted with 'slugbuilder slug run --detach' instead.")
    boolean slugs;

    @Override
    int run(CommandContext context) {
        if (slugs && spec.commandLine().getParseResult().hasMatchedOption("--dir")) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--slugs stops every booted slug, whatever --dir names",
                    "leave out --dir, or --slugs to stop that app's containers");
        }
        var filter =
                slugs ? Labels.of(SlugRunner.KIND) : AppIdentity.of(dir.app()).appFilter();
        new Janitor(context.engine(), context.console()).stop(filter);
        return ExitCode.OK.code;
    }
}
