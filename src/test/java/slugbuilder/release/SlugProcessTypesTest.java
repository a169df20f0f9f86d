package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Where a slug booted or released on its own gets its process types, and what it says when it cannot. */
class SlugProcessTypesTest {
    @TempDir
    Path dir;

    private Path slug(String name, String... files) throws IOException {
        Path slug = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(slug);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (int i = 0; i < files.length; i += 2) {
                byte[] content = files[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(files[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return slug;
    }

    @Test
    void theProcfileInsideTheSlug() throws IOException {
        Path slug = slug("s.tgz", "./app/src/Procfile", "web: node index.js\n");
        assertEquals(Map.of("web", "node index.js"), SlugRunner.processTypes(slug, null));
    }

    @Test
    void aGivenProcfileWinsOverTheSlugs() throws IOException {
        Path slug = slug("s.tgz", "./app/src/Procfile", "web: old\n");
        Path procfile = Files.writeString(dir.resolve("Procfile"), "web: new\nworker: w\n");
        assertEquals(Map.of("web", "new", "worker", "w"), SlugRunner.processTypes(slug, procfile));
    }

    @Test
    void aSlugWithoutAProcfileSaysHowToGiveOne() throws IOException {
        Path slug = slug("s.tgz", "./app/src/index.js", "x");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> SlugRunner.processTypes(slug, null));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(slug + ": has no Procfile at ./app/src/Procfile", e.getMessage());
        assertEquals("give the process types with --procfile FILE (the app's Procfile)", e.hint());
    }

    @Test
    void aMissingOrTruncatedSlugIsNamedInWords() throws IOException {
        SlugbuilderException missing =
                assertThrows(SlugbuilderException.class, () -> SlugRunner.processTypes(dir.resolve("none.tgz"), null));
        assertEquals(dir.resolve("none.tgz") + ": no such file", missing.getMessage());

        Path whole = slug("whole.tgz", "./app/src/index.js", "x".repeat(100_000));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.tgz"), Arrays.copyOf(bytes, bytes.length / 2));
        SlugbuilderException cut =
                assertThrows(SlugbuilderException.class, () -> SlugRunner.processTypes(truncated, null));
        assertEquals(
                truncated + ": not a readable slug (a gzip-compressed tar): it ends too early (truncated)",
                cut.getMessage());
    }
}
