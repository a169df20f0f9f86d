package slugbuilder.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.console.Console;
import slugbuilder.release.SlugRunner;

/** Where a slug booted or released on its own gets its process types: --procfile, else the Procfile inside it. */
final class SlugProcfileOption {
    @Option(
            names = "--procfile",
            paramLabel = "FILE",
            description =
                    "Take the process types from FILE (e.g. the app's Procfile) instead of the Procfile inside the slug.")
    Path procfile;

    /** CONSOLE hears which platform default applies to a slug whose Procfile has no web process. */
    Map<String, String> processTypes(Path slug, Console console) {
        return SlugRunner.processTypes(slug, procfile, console::note);
    }
}
