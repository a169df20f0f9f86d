package slugbuilder.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.detect.Detection;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.init.ImageReference;
import slugbuilder.init.InitResult;
import slugbuilder.init.Initializer;
import slugbuilder.render.TemplateRenderer;

/** {@code slugbuilder init}: writes the app's Dockerfile from the detected platform's template. */
@Command(name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Detect the app's platform and runtime version and write a Dockerfile for it (and a .dockerignore when there is none).",
            "Platforms, tried in this order (first match wins): ruby, python, php, java, gradle, scala, go, node, static; minimal only with --template."
        })
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The app's directory (default: the current directory).")
    Path dir = Path.of(".");

    @Option(names = {"-t", "--template"}, paramLabel = "NAME",
            description = "Use this platform's template instead of detecting one: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PlatformNames.class)
    String template;

    @Option(names = "--stack", paramLabel = "IMAGE", defaultValue = Initializer.DEFAULT_STACK,
            description = "The stack image to build on (default: ${DEFAULT-VALUE}; see 'slugbuilder stack build' for an offline one).")
    String stack;

    @Option(names = {"-f", "--force"}, description = "Overwrite an existing Dockerfile.")
    boolean force;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
        ImageReference.problem(stack).ifPresent(problem -> {
            throw new SlugbuilderException(ExitCode.USAGE, "--stack '" + stack + "' is not an image reference: " + problem,
                    "write it as [HOST[:PORT]/]NAME[:TAG][@DIGEST], e.g. " + Initializer.DEFAULT_STACK);
        });
        PlatformCatalog catalog = PlatformCatalog.builtIn();
        InitResult result = new Initializer(catalog, new TemplateRenderer())
                .init(AppDir.open(dir), template, stack, force);

        Detection detection = result.detection();
        console.result(result.summary());
        if (!"--template".equals(detection.evidence())) {
            console.note("detected " + detection.platform().name() + " from " + detection.evidence());
        }
        for (Detection.Match other : detection.alsoMatched()) {
            console.note("also matches " + other.platform().name() + " (" + other.evidence() + "); use --template "
                    + other.platform().name() + " to choose it");
        }
        if (!result.aptPackages().isEmpty()) {
            console.note("Aptfile: " + String.join(", ", result.aptPackages()) + " will unpack under /app/.apt");
        }
        if (result.dockerignore() != null) {
            console.result("Wrote .dockerignore");
        }
        if (!AppDir.open(dir).hasFile("Procfile")) {
            console.note("no Procfile yet: 'start' and 'release' need one, e.g.  web: " + detection.platform().process());
        }
        return 0;
    }
}
