package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class PlatformDirsTest {
    @TempDir
    Path scratch;

    @Test
    void optionsComeFirstThenTheEnvironmentsEntriesInOrder() throws IOException {
        Path a = Files.createDirectories(scratch.resolve("a"));
        Path b = Files.createDirectories(scratch.resolve("b"));
        Path c = Files.createDirectories(scratch.resolve("c"));
        assertEquals(List.of(c, a, b), PlatformDirs.of(List.of(c), a + "::" + b + ":"));
        assertEquals(List.of(), PlatformDirs.of(List.of(), null));
        assertEquals(List.of(), PlatformDirs.of(List.of(), ""));
    }

    @Test
    void aMissingDirectoryInTheEnvironmentIsAUsageErrorNamingIt() throws IOException {
        Path file = Files.writeString(scratch.resolve("file"), "x");
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> PlatformDirs.of(List.of(), file.toString()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(PlatformDirs.ENV + " names " + file + ", which is not a directory", e.getMessage());
    }

    @Test
    void aTeamDirectoryReplacesABuiltInPlatformInPlace() throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("team"));
        Files.writeString(
                dir.resolve("node.json"),
                "{\"name\": \"node\", \"title\": \"Team Node\", \"detect\": {\"files\": [\"deno.json\"]},"
                        + " \"template\": \"minimal\", \"process\": \"bin/web\"}");
        PlatformCatalog catalog = PlatformCatalog.withTeamDirs(PlatformDirs.of(List.of(dir), null));
        assertEquals("Team Node", catalog.inOrder().get(0).title());
        assertEquals(
                PlatformCatalog.builtIn().inOrder().size(), catalog.inOrder().size());
        assertEquals(dir.resolve("node.json").toString(), catalog.origin(catalog.require("node")));
        assertEquals(PlatformCatalog.BUILT_IN, catalog.origin(catalog.require("ruby")));
        assertEquals(List.of(dir), catalog.teamDirs());
    }
}
