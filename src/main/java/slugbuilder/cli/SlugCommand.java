package slugbuilder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.release.SlugRunner;
import slugbuilder.release.StackImages;
import slugbuilder.run.ConfigVars;
import slugbuilder.run.Ports;
import slugbuilder.run.ProcessSupervisor;

/** {@code slugbuilder slug}: commands on a slug archive. */
@Command(name = "slug", mixinStandardHelpOptions = true, description = "Work with a slug archive (slug.tgz).",
        subcommands = {SlugCommand.Run.class})
final class SlugCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {
                "Boot a slug the way a dyno does, on the bare run stack (no build tools): unpacked at /app, a non-root user, "
                        + "HOME=/app, PORT, .profile.d sourced, the Procfile command through bash -c.",
                "It proves the slug carries everything it needs. Ctrl-C stops and removes the container."
            })
    static final class Run implements Callable<Integer> {
        static final String DEFAULT_STACK = "heroku/heroku:24";

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SLUG", description = "The slug archive, e.g. from 'slugbuilder release --output slug.tgz'.")
        Path slug;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PROCESS", defaultValue = "web",
                description = "The process type in the slug's Procfile (default: ${DEFAULT-VALUE}).")
        String process;

        @Option(names = "--stack", paramLabel = "IMAGE",
                description = "The image to boot on (default: the run twin of --dir's Dockerfile stack, else " + DEFAULT_STACK + ").")
        String stack;

        @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "An app directory whose Dockerfile names the stack (default: the current directory).")
        Path dir = Path.of(".");

        @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "" + Ports.DEFAULT,
                description = "The port the process gets as PORT, published on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "A config var. Repeatable.")
        List<String> env = new ArrayList<>();

        @Option(names = "--env-file", paramLabel = "FILE", description = "Config vars in .env syntax. Repeatable.")
        List<String> envFiles = new ArrayList<>();

        @Option(names = "--detach", description = "Return once the web process answers, leaving it running ('slugbuilder stop --slugs' stops it).")
        boolean detach;

        @Override
        public Integer call() {
            Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
            Map<String, String> vars = ConfigVars.collect(null, envFiles, env);
            try (ContainerEngine engine = DockerJavaEngine.connect()) {
                return new SlugRunner(engine, console).run(slug, stack(), SlugRunner.processTypesIn(slug), process, port, vars,
                        detach ? ProcessSupervisor.Mode.DETACH : ProcessSupervisor.Mode.FOREGROUND);
            }
        }

        private String stack() {
            if (stack != null) {
                return stack;
            }
            if (java.nio.file.Files.isRegularFile(dir.resolve("Dockerfile"))) {
                return StackImages.runImage(AppDockerfile.read(AppDir.open(dir)).stack());
            }
            return DEFAULT_STACK;
        }
    }
}
