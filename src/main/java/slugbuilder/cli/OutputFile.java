package slugbuilder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;

/** Checks an --output path before the slow work that ends by writing it. */
final class OutputFile {
    private OutputFile() {}

    /** Refuses a path that cannot become the output file; notes when an existing file will be replaced. */
    static Path check(Path output, String option, Console console) {
        if (output.toString().isBlank()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE, option + " needs a file name", "write e.g. " + option + " slug.tgz");
        }
        Path file = output.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    option + " " + output + ": is a directory",
                    "name a file, e.g. " + option + " " + output.resolve("slug.tgz"));
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    option + " " + output + ": the directory " + dir + " does not exist",
                    "create it first, or name a file in a directory that exists");
        }
        if (!Files.isWritable(dir)) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    option + " " + output + ": the directory " + dir + " is not writable",
                    "name a file in a directory you can write to");
        }
        if (Files.exists(file)) {
            console.note(output + " exists and will be replaced");
        }
        return output;
    }
}
