package slugbuilder.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import slugbuilder.console.Console;
import slugbuilder.stack.AddonImageBuilder;
import slugbuilder.stack.StackBuilder;
import slugbuilder.stack.StackSpec;

/** {@code slugbuilder stack ...}: local stack images for machines that cannot pull one. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = "Stack images: the OS layer apps are built and run on.",
        subcommands = {StackCommand.Build.class})
final class StackCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a stack command is required (build)");
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Build a Heroku-like stack image offline with debootstrap from a Debian mirror, and import it into the engine: "
                        + "a run image NAME (what slugs boot on) and a build image NAME-build (with compilers). Needs root and debootstrap.",
                "Users who can pull heroku/heroku:24-build never need this; users behind a firewall do.",
                "With --addons: also the add-on service images NAME-postgres, NAME-redis, NAME-mysql (MariaDB) and "
                        + "NAME-memcached, from Debian's packages on the run image, building the stack first when it is "
                        + "missing (only that needs root). They take the official images' variables, ports and paths."
            })
    static final class Build extends ContextCommand {

        @Option(
                names = "--tag",
                paramLabel = "NAME",
                description = "The run image's name (default: slugbuilder/stack:SUITE).")
        String tag;

        @Option(
                names = "--suite",
                paramLabel = "SUITE",
                description = "The Debian suite (default: ${DEFAULT-VALUE}).",
                defaultValue = "bookworm")
        String suite;

        @Option(
                names = "--mirror",
                paramLabel = "URL",
                description = "The Debian mirror (default: the one in platforms/stack.json).")
        String mirror;

        @Option(
                names = "--ca-bundle",
                paramLabel = "FILE",
                description =
                        "A PEM bundle of extra certificate authorities to trust inside the images, e.g. a corporate proxy's "
                                + "(/etc/ssl/certs/ca-certificates.crt brings the host's whole trust store).")
        Path caBundle;

        @Option(
                names = "--addons",
                description = "Build the add-on service images (Postgres, Redis, MySQL, memcached) on the stack image; "
                        + "the stack is built first only when it is missing.")
        boolean addons;

        @Override
        int run(CommandContext context) {
            Console console = context.console();
            StackSpec stack = StackSpec.builtIn().withSuite(suite);
            if (mirror != null) {
                stack = stack.withMirror(mirror);
            }
            String runImage = tag != null ? tag : stack.repository() + ":" + suite;
            boolean buildStack =
                    !addons || context.engine().images().imageId(runImage).isEmpty();
            if (buildStack) {
                StackBuilder.checkPrerequisites();
                StackBuilder.StackImages images =
                        new StackBuilder(context.engine(), console, context.cleanup()).build(stack, runImage, caBundle);
                console.result(images.run());
                console.result(images.build());
            } else {
                console.note("The stack image " + runImage + " is present: building the add-on images on it");
                if (mirror != null || caBundle != null) {
                    console.warn("--mirror and --ca-bundle apply to building the stack, which is present: not used");
                }
            }
            if (addons) {
                new AddonImageBuilder(context.engine(), console).build(runImage).forEach(console::result);
            }
            return 0;
        }
    }
}
