package slugbuilder.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.docker.DockerJavaEngine;
import slugbuilder.heroku.Credentials;
import slugbuilder.heroku.OkHttpPlatformApi;
import slugbuilder.release.Releaser;
import slugbuilder.run.Ports;
import slugbuilder.slug.SlugOptions;

/** {@code slugbuilder release}: packs /app of the app's image into a slug and releases it on Heroku. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = {
            "Build the app's image, pack its /app into a slug (entries under ./app/, .slugignore applied) and release it "
                    + "through the Heroku Platform API: create the slug with the Procfile's process types, upload it, create the release.",
            "The API token comes from HEROKU_API_KEY, else ~/.netrc; it is never printed.",
            "With --output or --dry-run nothing is sent."
        })
final class ReleaseCommand implements Callable<Integer> {
    static final String API_URL_ENV = "SLUGBUILDER_API_URL";

    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions options;

    @Option(names = {"-a", "--app"}, paramLabel = "APP",
            description = "The Heroku app (default: HEROKU_APP, else the git remote heroku).")
    String app;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "The Platform API's base URL, for Heroku-compatible platforms (default: " + API_URL_ENV + ", else https://api.heroku.com).")
    URI apiUrl;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the slug to FILE and send nothing.")
    Path output;

    @Option(names = "--dry-run", description = "Build and pack the slug, show what would be sent, send nothing.")
    boolean dryRun;

    @Option(names = "--verify", description = "Before sending, boot the slug on the run stack as a dyno would and require the web process to answer.")
    boolean verify;

    @Option(names = "--run-stack", paramLabel = "IMAGE",
            description = "The image --verify boots the slug on (default: the Dockerfile's stack without -build).")
    String runStack;

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "" + Ports.DEFAULT,
            description = "The port --verify gives the web process (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    SlugPackingOptions packing;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The release's description.")
    String message;

    @Override
    public Integer call() {
        if (output != null && dryRun) {
            throw new SlugbuilderException(ExitCode.USAGE, "--output and --dry-run both send nothing; choose one");
        }
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        AppDir appDir = options.app();
        SlugOptions slug = packing.slugOptions();
        Releaser.Options release = new Releaser.Options(app, apiUrl(apiUrl), output, dryRun, verify, runStack, port,
                verify ? options.vars(appDir) : java.util.Map.of(), slug, message);
        Releaser.Plan plan = Releaser.Plan.of(appDir, release, Credentials.fromSystem(console::warn), System.getenv());
        try (ContainerEngine engine = DockerJavaEngine.connect()) {
            return new Releaser(engine, console, OkHttpPlatformApi::new).release(appDir, plan, release, options.buildSettings());
        }
    }

    /** OPTION, else SLUGBUILDER_API_URL, else Heroku's. */
    static URI apiUrl(URI option) {
        if (option != null) {
            return option;
        }
        String fromEnv = System.getenv(API_URL_ENV);
        return fromEnv == null || fromEnv.isBlank() ? OkHttpPlatformApi.DEFAULT_BASE_URL : URI.create(fromEnv.strip());
    }
}
