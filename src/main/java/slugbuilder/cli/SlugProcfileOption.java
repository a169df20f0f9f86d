package slugbuilder.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.release.SlugRunner;

/** Where a slug booted or released on its own gets its process types: --procfile, else the Procfile inside it. */
final class SlugProcfileOption {
    @Option(
            names = "--procfile",
            paramLabel = "FILE",
            description =
                    "Take the process types from FILE (e.g. the app's Procfile) instead of the Procfile inside the slug.")
    Path procfile;

    Map<String, String> processTypes(Path slug) {
        return SlugRunner.processTypes(slug, procfile);
    }
}
