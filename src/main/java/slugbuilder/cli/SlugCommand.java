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
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;
import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.AppName;
import slugbuilder.heroku.Credentials;
import slugbuilder.heroku.OkHttpPlatformApi;
import slugbuilder.heroku.SlugRequest;
import slugbuilder.release.SlugFromImage;
import slugbuilder.release.SlugRunner;
import slugbuilder.release.SlugShipper;
import slugbuilder.release.StackImages;
import slugbuilder.run.ConfigVars;
import slugbuilder.run.Ports;
import slugbuilder.run.ProcessSupervisor;
import slugbuilder.slug.SlugIgnore;
import slugbuilder.slug.SlugOptions;
import slugbuilder.slug.SlugSummary;

/** {@code slugbuilder slug}: commands on a slug archive. */
@Command(name = "slug", mixinStandardHelpOptions = true, description = "Work with a slug archive (slug.tgz).",
        subcommands = {SlugCommand.Pack.class, SlugCommand.Run.class, SlugCommand.Release.class})
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

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = {
                "Pack /app of any image into a slug, as release does with the app's image: the engine's archive of /app, "
                        + "re-packed with every entry under ./app/. Nothing runs in the image; it needs no tar."
            })
    static final class Pack implements Callable<Integer> {
        /** The kind label of the short-lived container whose /app is read. */
        static final String PACK_KIND = "pack";

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image whose /app becomes the slug.")
        String image;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the slug.")
        Path output;

        @Option(names = "--slugignore", paramLabel = "FILE", description = "A .slugignore to apply below the app root.")
        Path slugignore;

        @Option(names = "--app-root", paramLabel = "DIR", defaultValue = SlugOptions.DEFAULT_APP_ROOT,
                description = "The app's own directory inside /app, where .slugignore and the .git rule apply (default: ${DEFAULT-VALUE}).")
        String appRoot;

        @picocli.CommandLine.Mixin
        SlugPackingOptions packing;

        @Override
        public Integer call() {
            Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
            SlugOptions options = packing.slugOptions().withAppRoot(appRoot)
                    .withIgnore(slugignore == null ? SlugIgnore.none() : readSlugignore());
            try (ContainerEngine engine = DockerJavaEngine.connect()) {
                if (engine.imageId(image).isEmpty()) {
                    throw new SlugbuilderException(ExitCode.BAD_INPUT, "no image " + image + " in the engine", "build or pull it first");
                }
                console.step("Packing /app of " + image + " into " + output);
                SlugSummary summary = new SlugFromImage(engine).pack(image, Labels.of(PACK_KIND), options, console::warn, output);
                console.step("Slug: " + Console.megabytes(summary.compressedBytes()) + ", " + summary.entries() + " entries, sha256 "
                        + summary.sha256());
                console.result("Wrote " + output);
            }
            return ExitCode.OK.code;
        }

        private SlugIgnore readSlugignore() {
            if (!java.nio.file.Files.isRegularFile(slugignore)) {
                throw new SlugbuilderException(ExitCode.BAD_INPUT, slugignore + ": no such file", "pass the path of a .slugignore file");
            }
            try {
                return SlugIgnore.parse(java.nio.file.Files.readString(slugignore));
            } catch (java.io.IOException e) {
                throw new SlugbuilderException(ExitCode.BAD_INPUT, slugignore + ": cannot be read (" + e.getClass().getSimpleName() + ")",
                        "pass the path of a .slugignore file");
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {
                "Release a slug file (e.g. from 'slugbuilder release --output'): create the slug with the process types of "
                        + "its Procfile, upload it, create the release. The token comes from HEROKU_API_KEY, else ~/.netrc."
            })
    static final class Release implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SLUG", description = "The slug archive.")
        Path slug;

        @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "The Heroku app (default: HEROKU_APP, else the git remote heroku).")
        String app;

        @Option(names = "--api-url", paramLabel = "URL",
                description = "The Platform API's base URL (default: " + ReleaseCommand.API_URL_ENV + ", else https://api.heroku.com).")
        java.net.URI apiUrl;

        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The release's description.")
        String message;

        @Override
        public Integer call() {
            Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
            if (!java.nio.file.Files.isRegularFile(slug)) {
                throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": no such file", "pass the path of a slug.tgz");
            }
            java.net.URI base = ReleaseCommand.apiUrl(apiUrl);
            String appName = AppName.resolve(app, System.getenv(), Path.of("")).name();
            ApiToken token = Credentials.fromSystem(console::warn).token(base.getHost());
            SlugRequest request = new SlugRequest(SlugRunner.processTypesIn(slug), null, null,
                    "slugbuilder " + Version.current() + " (" + slug.getFileName() + ")", null);
            request.checkProcessTypes();
            new SlugShipper(new OkHttpPlatformApi(base, token), console).ship(appName, slug, request, message);
            return ExitCode.OK.code;
        }
    }
}
