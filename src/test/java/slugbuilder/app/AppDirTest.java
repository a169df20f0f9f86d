package slugbuilder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** A symbolic link that cannot be followed is named as one, not taken for a missing file. */
class AppDirTest {
    @TempDir
    Path app;

    @Test
    void aLoopingLinkIsAnErrorNotAnAbsentFile() throws Exception {
        Files.createSymbolicLink(app.resolve(".env"), Path.of(".env"));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> AppDir.open(app).readText(".env"));
        assertEquals(".env: a symbolic link that loops (it points to .env)", e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }

    @Test
    void aDanglingLinkNamesItsTarget() throws Exception {
        Files.createSymbolicLink(app.resolve("Procfile"), Path.of("../shared/Procfile"));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> AppDir.open(app).readText("Procfile"));
        assertEquals("Procfile: a symbolic link to ../shared/Procfile, which does not exist", e.getMessage());
        assertEquals(
                Optional.of("a symbolic link to ../shared/Procfile, which does not exist"),
                AppDir.open(app).brokenLink("Procfile"));
    }

    @Test
    void aMissingFileAndAWorkingLinkAreNoProblem() throws Exception {
        Files.writeString(app.resolve("real.env"), "A=1\n");
        Files.createSymbolicLink(app.resolve(".env"), Path.of("real.env"));
        AppDir dir = AppDir.open(app);
        assertEquals(Optional.of("A=1\n"), dir.readText(".env"));
        assertEquals(Optional.empty(), dir.readText("Procfile"));
        assertEquals(Optional.empty(), dir.brokenLink(".env"));
        assertEquals(Optional.empty(), dir.brokenLink("Procfile"));
    }

    @Test
    void anAppDirectoryThatIsALoopingLinkIsNamed() throws Exception {
        Path loop = app.resolve("loop");
        Files.createSymbolicLink(loop, Path.of("loop"));
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppDir.open(loop));
        assertEquals(loop + ": a symbolic link that loops (it points to loop)", e.getMessage());
    }
}
