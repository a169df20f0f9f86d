package slugbuilder.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import slugbuilder.app.AppDir;

/** The app directory a command works on: -d/--dir, else the current directory. */
final class AppDirOption {
    @Option(
            names = {"-d", "--dir"},
            paramLabel = "DIR",
            description = "The app's directory (default: the current directory).")
    Path dir = Path.of(".");

    AppDir app() {
        return AppDir.open(dir, "pass it with --dir DIR");
    }
}
