package slugbuilder.cli;

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
import slugbuilder.release.SlugRunner;
import slugbuilder.run.AppIdentity;
import slugbuilder.run.Janitor;

/** {@code slugbuilder stop}: stops and removes the app's containers (e.g. after start --detach). */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop and remove the app's running containers.")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions options;

    @Option(names = "--slugs", description = "Stop the slugs booted with 'slugbuilder slug run --detach' instead.")
    boolean slugs;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (ContainerEngine engine = DockerJavaEngine.connect()) {
            new Janitor(engine, console).removeContainers(slugs ? Labels.of(SlugRunner.KIND) : AppIdentity.of(options.app()).appFilter());
        }
        return 0;
    }
}
