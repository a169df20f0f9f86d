package slugbuilder.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.run.AppIdentity;
import slugbuilder.run.Janitor;

/** {@code slugbuilder clean}: removes what slugbuilder created, found by its labels. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove the containers and images slugbuilder created for this app (or, with --all, for every app). "
                + "Stack images stay.")
final class CleanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions options;

    @Option(names = "--all", description = "Clean up after every app, not only this one, including the steps failed builds left behind.")
    boolean all;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        Map<String, String> filter = all ? Map.of(Labels.TOOL, "true") : AppIdentity.of(options.app()).appFilter();
        try (ContainerEngine engine = DockerJavaEngine.connect()) {
            new Janitor(engine, console).clean(filter, all);
        }
        return 0;
    }
}
