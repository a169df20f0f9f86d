package slugbuilder.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceOverlayTest {
    @TempDir
    Path app;

    @Test
    void theTarHoldsTheFilesAsTheyAreNowWithTheirParentsOwnedByTheAppUser() throws IOException {
        Files.createDirectories(app.resolve("lib/deep"));
        Files.writeString(app.resolve("server.js"), "v1");
        Files.writeString(app.resolve("lib/deep/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(app.resolve("lib/deep/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        SourceOverlay overlay = new SourceOverlay(app);
        overlay.add("server.js");
        overlay.add("lib/deep/run.sh");
        overlay.add("gone.js"); // deleted again before the dynos were replaced
        Files.writeString(app.resolve("server.js"), "v2");

        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new ByteArrayInputStream(overlay.tar(new SourceOverlay.Owner(1000, 1001))))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.add(entry.getName() + " " + Integer.toOctalString(entry.getMode() & 0777) + " "
                        + entry.getLongUserId() + ":" + entry.getLongGroupId()
                        + (entry.isFile() ? " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).trim() : ""));
            }
        }

        assertEquals(
                List.of(
                        "lib/ 755 1000:1001",
                        "lib/deep/ 755 1000:1001",
                        "lib/deep/run.sh 755 1000:1001 #!/bin/sh",
                        "server.js 644 1000:1001 v2"),
                entries);
    }

    @Test
    void aRemovedPathTakesWhatIsBelowItAndABuildClearsAll() {
        SourceOverlay overlay = new SourceOverlay(app);
        overlay.add("lib/a.js");
        overlay.add("lib/b.js");
        overlay.add("c.js");

        assertTrue(overlay.remove("lib"));
        assertFalse(overlay.contains("lib/a.js"));
        assertFalse(overlay.remove("lib"));
        assertTrue(overlay.contains("c.js"));
        overlay.clear();
        assertTrue(overlay.isEmpty());
    }

    @Test
    void theOwnerIsReadFromTheFirstEntryOfTheEnginesArchive() throws IOException {
        Files.writeString(app.resolve("x.js"), "x");
        SourceOverlay overlay = new SourceOverlay(app);
        overlay.add("x.js");
        byte[] tar = overlay.tar(new SourceOverlay.Owner(999, 998));

        assertEquals(
                Optional.of(new SourceOverlay.Owner(999, 998)),
                SourceOverlay.Owner.ofFirstEntry(new ByteArrayInputStream(tar)));
        assertEquals(Optional.empty(), SourceOverlay.Owner.ofFirstEntry(new ByteArrayInputStream(new byte[1024])));
    }
}
