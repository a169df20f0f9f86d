package slugbuilder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppLock;
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
        Janitor janitor = new Janitor(context.engine(), context.console());
        if (slugs) {
            janitor.stop(Labels.of(SlugRunner.KIND));
            return ExitCode.OK.code;
        }
        AppIdentity identity = AppIdentity.of(dir.app());
        // not while another command of the app sets its network and services up
        try (AppLock lock = AppLock.acquire(AppLock.directory(context.env()), identity, context.console())) {
            janitor.stop(identity.appFilter());
        }
        return ExitCode.OK.code;
    }
}
