package slugbuilder.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** The team's platforms directories: those given as options first, then those of the environment variable. */
public final class PlatformDirs {
    public static final String ENV = "SLUGBUILDER_PLATFORMS";

    private PlatformDirs() {}

    /**
     * @param options  the {@code --platforms} values, in order
     * @param envValue {@code SLUGBUILDER_PLATFORMS}: directories separated by ':' (empty entries are skipped), or null
     */
    public static List<Path> of(List<Path> options, String envValue) {
        List<Path> dirs = new ArrayList<>();
        for (Path option : options) {
            dirs.add(existing(option, "--platforms " + option));
        }
        if (envValue != null) {
            for (String entry : envValue.split(":")) {
                if (!entry.isBlank()) {
                    dirs.add(existing(Path.of(entry), ENV + " names " + entry + ", which"));
                }
            }
        }
        return dirs;
    }

    private static Path existing(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    what + " is not a directory" + (Files.exists(dir) ? "" : ": it does not exist"),
                    "name a directory holding NAME.json and NAME.Dockerfile.mustache files");
        }
        return dir.toAbsolutePath().normalize();
    }
}
