package slugbuilder.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's watcher on a real directory: every event is awaited (generously), never timed. */
class DirectoryWatcherTest {
    @TempDir
    Path app;

    private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

    private String next(String expected) throws InterruptedException {
        while (true) {
            String change = changes.poll(30, TimeUnit.SECONDS);
            assertNotNull(change, "no event for " + expected);
            if (change.equals(expected)) {
                return change;
            }
        }
    }

    @Test
    void reportsChangesBelowTheRootAndInDirectoriesMadeLater() throws IOException, InterruptedException {
        Files.createDirectories(app.resolve("lib"));
        Files.createDirectories(app.resolve("node_modules/x"));
        try (DirectoryWatcher watcher =
                DirectoryWatcher.start(app, dir -> !dir.startsWith("node_modules"), changes::add)) {
            Files.writeString(app.resolve("server.js"), "1");
            assertEquals("server.js", next("server.js"));
            Files.writeString(app.resolve("lib/a.js"), "1");
            assertEquals("lib/a.js", next("lib/a.js"));

            Files.createDirectories(app.resolve("new/deeper"));
            Files.writeString(app.resolve("new/deeper/b.js"), "1");
            assertEquals("new/deeper/b.js", next("new/deeper/b.js"));

            Files.writeString(app.resolve("node_modules/x/index.js"), "1");
            Files.delete(app.resolve("server.js"));
            assertEquals("server.js", next("server.js"));
            assertFalse(Set.copyOf(changes).contains("node_modules/x/index.js"), "an unwatched directory");
        }
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("slugbuilder-watch")),
                "the watcher's thread ended with close");
    }
}
