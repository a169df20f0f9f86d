package slugbuilder.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.console.Console;
import slugbuilder.core.Ports;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.engine.Labels;
import slugbuilder.release.Releaser;
import slugbuilder.release.SlugFromImage;
import slugbuilder.release.SlugRunner;
import slugbuilder.release.SlugShipper;
import slugbuilder.release.StackImages;
import slugbuilder.slug.SlugIgnore;
import slugbuilder.slug.SlugOptions;
import slugbuilder.slug.SlugSummary;

/** {@code slugbuilder slug}: commands on a slug archive. */
@Command(
        name = "slug",
        mixinStandardHelpOptions = true,
        description = "Work with a slug archive (slug.tgz).",
        subcommands = {SlugCommand.Pack.class, SlugCommand.Run.class, SlugCommand.Release.class})
final class SlugCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a slug command is required (pack, run or release)");
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Boot a slug the way a dyno does, on the bare run stack (no build tools): unpacked at /app, a non-root user, "
                        + "HOME=/app, PORT, .profile.d sourced, the Procfile command through bash -c.",
                "It proves the slug carries everything it needs. Ctrl-C stops and removes the container."
            })
    static final class Run extends ContextCommand {
        static final String DEFAULT_STACK = "heroku/heroku:24";

        @Parameters(
                index = "0",
                paramLabel = "SLUG",
                description = "The slug archive, e.g. from 'slugbuilder release --output slug.tgz'.")
        Path slug;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "PROCESS",
                defaultValue = "web",
                description = "The process type in the slug's Procfile (default: ${DEFAULT-VALUE}).")
        String process;

        @Option(
                names = "--stack",
                paramLabel = "IMAGE",
                description = "The image to boot on (default: the run twin of --dir's Dockerfile stack, else "
                        + DEFAULT_STACK + ").")
        String stack;

        @Mixin
        SlugProcfileOption procfile;

        @Mixin
        AppDirOption dir;

        @Mixin
        ConfigVarOptions config;

        @Option(
                names = {"-p", "--port"},
                paramLabel = "N",
                defaultValue = "" + Ports.DEFAULT,
                description = "The port the process gets as PORT, published on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--detach",
                description =
                        "Return once the web process answers, leaving it running ('slugbuilder stop --slugs' stops it).")
        boolean detach;

        @Override
        int run(CommandContext context) {
            Ports.requireValid(port, 1);
            Map<String, String> vars = config.vars(null, context.console());
            Map<String, String> processTypes = procfile.processTypes(slug, context.console());
            return new SlugRunner(context.engine(), context.console(), context.cleanup())
                    .run(
                            slug,
                            stack(),
                            processTypes,
                            process,
                            port,
                            vars,
                            detach ? ProcessSupervisor.Mode.DETACH : ProcessSupervisor.Mode.FOREGROUND);
        }

        private String stack() {
            if (stack != null) {
                return stack;
            }
            if (Files.isRegularFile(dir.dir.resolve("Dockerfile"))) {
                return StackImages.runImage(AppDockerfile.read(dir.app()).stack());
            }
            return DEFAULT_STACK;
        }
    }

    @Command(
            name = "pack",
            mixinStandardHelpOptions = true,
            description = {
                "Pack /app of any image into a slug, as release does with the app's image: the engine's archive of /app, "
                        + "re-packed with every entry under ./app/. Nothing runs in the image; it needs no tar."
            })
    static final class Pack extends ContextCommand {
        /** The kind label of the short-lived container whose /app is read. */
        static final String PACK_KIND = "pack";

        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image whose /app becomes the slug.")
        String image;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                required = true,
                description = "Where to write the slug.")
        Path output;

        @Option(names = "--slugignore", paramLabel = "FILE", description = "A .slugignore to apply below the app root.")
        Path slugignore;

        @Option(
                names = "--app-root",
                paramLabel = "DIR",
                defaultValue = SlugOptions.DEFAULT_APP_ROOT,
                description =
                        "The app's own directory inside /app, where .slugignore and the .git rule apply (default: ${DEFAULT-VALUE}).")
        String appRoot;

        @Mixin
        SlugPackingOptions packing;

        @Override
        int run(CommandContext context) {
            Console console = context.console();
            OutputFile.check(output, "--output", console);
            SlugOptions options = packing.slugOptions()
                    .withAppRoot(appRoot)
                    .withIgnore(slugignore == null ? SlugIgnore.none() : readSlugignore());
            if (context.engine().images().imageId(image).isEmpty()) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT, "no image " + image + " in the engine", "build or pull it first");
            }
            console.step("Packing /app of " + image + " into " + output);
            SlugSummary summary = new SlugFromImage(context.engine(), context.cleanup())
                    .pack(image, Labels.of(PACK_KIND), options, console::warn, output);
            console.step("Slug: " + Console.megabytes(summary.compressedBytes()) + ", " + summary.entries()
                    + " entries, sha256 " + summary.sha256());
            console.result("Wrote " + output);
            return ExitCode.OK.code;
        }

        private SlugIgnore readSlugignore() {
            if (!Files.isRegularFile(slugignore)) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT, slugignore + ": no such file", "pass the path of a .slugignore file");
            }
            try {
                return SlugIgnore.parse(Files.readString(slugignore));
            } catch (IOException e) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        slugignore + ": cannot be read (" + e.getClass().getSimpleName() + ")",
                        "pass the path of a .slugignore file");
            }
        }
    }

    @Command(
            name = "release",
            mixinStandardHelpOptions = true,
            description = {
                "Release a slug file (e.g. from 'slugbuilder release --output') as release does: create the slug with the process "
                        + "types of its Procfile (or --procfile), upload it, create the release. The app and the commit come from --dir "
                        + "(default: the current directory). The token comes from HEROKU_API_KEY, else ~/.netrc."
            })
    static final class Release extends ContextCommand {
        @Parameters(index = "0", paramLabel = "SLUG", description = "The slug archive.")
        Path slug;

        @Mixin
        SlugProcfileOption procfile;

        @Mixin
        AppDirOption dir;

        @Mixin
        ApiOptions api;

        @Option(
                names = {"-m", "--message"},
                paramLabel = "TEXT",
                description = "The release's description.")
        String message;

        @Override
        int run(CommandContext context) {
            AppDir app = dir.app();
            Map<String, String> processTypes = procfile.processTypes(slug, context.console());
            URI base = api.url(context.env());
            Releaser.Plan plan =
                    Releaser.Plan.forSlug(slug, processTypes, app, api.app, base, context.credentials(), context.env());
            SlugShipper shipper = new SlugShipper(context.api(base, plan.token()), context.console());
            shipper.checkApp(plan.appName());
            shipper.ship(plan.appName(), slug, plan.request(), message);
            return ExitCode.OK.code;
        }
    }
}
