package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;

class OutputFileTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false);

    private SlugbuilderException refused(Path output) {
        return assertThrows(SlugbuilderException.class, () -> OutputFile.check(output, "--output", console));
    }

    @Test
    void anEmptyNameADirectoryOrAMissingDirectoryAreUsageErrors() {
        assertEquals("--output needs a file name", refused(Path.of("")).getMessage());
        assertEquals("--output " + dir + ": is a directory", refused(dir).getMessage());
        SlugbuilderException missing = refused(dir.resolve("nope/slug.tgz"));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertEquals(
                "--output " + dir.resolve("nope/slug.tgz") + ": the directory " + dir.resolve("nope")
                        + " does not exist",
                missing.getMessage());
    }

    @Test
    void anExistingFileIsReplacedWithANote() throws IOException {
        Path existing = Files.writeString(dir.resolve("slug.tgz"), "old");
        assertEquals(existing, OutputFile.check(existing, "--output", console));
        assertEquals("note: " + existing + " exists and will be replaced\n", err.toString());
    }

    @Test
    void aNewFileInAnExistingDirectoryPassesQuietly() {
        OutputFile.check(dir.resolve("slug.tgz"), "--output", console);
        assertEquals("", err.toString());
    }
}
