package slugbuilder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.detect.Detection;
import slugbuilder.detect.Platform;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.detect.PlatformDirs;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.init.ImageReference;
import slugbuilder.init.InitResult;
import slugbuilder.init.Initializer;
import slugbuilder.render.TemplateRenderer;

/** {@code slugbuilder init}: writes the app's Dockerfile from the detected platform's template. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Detect the app's platform and runtime version and write a Dockerfile for it (and a .dockerignore when there is none).",
            "Platforms, tried in this order (first match wins): ruby, python, php, java, gradle, scala, go, node, static; minimal only with --template.",
            "A team's platforms (--platforms DIR, or SLUGBUILDER_PLATFORMS=DIR[:DIR...]) are tried first; --list shows the whole order."
        })
final class InitCommand extends ContextCommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "DIR",
            description = "The app's directory (default: the current directory).")
    Path dir = Path.of(".");

    @Option(
            names = {"-t", "--template"},
            paramLabel = "NAME",
            description = "Use this platform's template instead of detecting one: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PlatformNames.class)
    String template;

    @Option(
            names = "--stack",
            paramLabel = "IMAGE",
            defaultValue = Initializer.DEFAULT_STACK,
            description =
                    "The stack image to build on (default: ${DEFAULT-VALUE}; see 'slugbuilder stack build' for an offline one).")
    String stack;

    @Option(
            names = {"-f", "--force"},
            description = "Overwrite an existing Dockerfile.")
    boolean force;

    @Option(
            names = "--platforms",
            paramLabel = "DIR",
            description =
                    "Also use the platforms in DIR (NAME.json in the built-in schema, NAME.Dockerfile.mustache, which can use "
                            + "the built-in partials): tried before the built-in ones, replacing any of the same name. Repeatable; "
                            + "before those of SLUGBUILDER_PLATFORMS (DIR[:DIR...]).")
    List<Path> platformDirs = new ArrayList<>();

    @Option(
            names = "--list",
            description = "List the platforms in detection order, and where each comes from; write nothing.")
    boolean list;

    @Override
    int run(CommandContext context) {
        Console console = context.console();
        ImageReference.problem(stack).ifPresent(problem -> {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--stack '" + stack + "' is not an image reference: " + problem,
                    "write it as [HOST[:PORT]/]NAME[:TAG][@DIGEST], e.g. " + Initializer.DEFAULT_STACK);
        });
        PlatformCatalog catalog = PlatformCatalog.withTeamDirs(
                PlatformDirs.of(platformDirs, context.env().get(PlatformDirs.ENV)));
        if (list) {
            list(console, catalog);
            return 0;
        }
        InitResult result = new Initializer(catalog, new TemplateRenderer(catalog.teamDirs()))
                .init(AppDir.open(dir), template, stack, force);

        Detection detection = result.detection();
        detection.warnings().forEach(console::warn);
        console.result(result.summary());
        if (detection.evidence().startsWith("app.json")) {
            console.note("chose " + detection.platform().name() + " from " + detection.evidence());
        } else if (!"--template".equals(detection.evidence())) {
            console.note("detected " + detection.platform().name() + " from " + detection.evidence());
        }
        detection.notes().forEach(console::note);
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
            console.note(ProcessTypes.withoutProcfile(AppDir.open(dir), detection.platform()));
        }
        return 0;
    }

    private static void list(Console console, PlatformCatalog catalog) {
        int width = catalog.inOrder().stream()
                .mapToInt(p -> p.name().length())
                .max()
                .orElse(0);
        for (Platform platform : catalog.inOrder()) {
            boolean detectable = !platform.detect().files().isEmpty()
                    || !platform.detect().globs().isEmpty();
            console.result(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %s%s",
                    platform.name(),
                    catalog.origin(platform),
                    detectable ? "" : " (only with --template)"));
        }
    }
}
