package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.dockerignore.DockerIgnore;

/** The build context as the engine receives it, read back entry by entry. */
class DirectoryContextTest {
    @TempDir
    Path app;

    private record Entry(TarArchiveEntry header, String content) {}

    private Map<String, Entry> read(BuildContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        context.writeTo(out);
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), new Entry(entry, new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return entries;
    }

    @Test
    void keepsModesAndSymlinksAndNeverFollowsThem() throws IOException {
        Path script = Files.writeString(app.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("lib/a.txt"), "a");
        Files.createSymbolicLink(app.resolve("link"), Path.of("/etc/passwd"));

        Map<String, Entry> tar = read(new DirectoryContext(app, Map.of()));
        assertEquals(0100750, tar.get("run.sh").header().getMode());
        assertTrue(tar.get("lib/").header().isDirectory());
        assertEquals("a", tar.get("lib/a.txt").content());
        assertTrue(tar.get("link").header().isSymbolicLink());
        assertEquals("/etc/passwd", tar.get("link").header().getLinkName());
        assertEquals("", tar.get("link").content(), "a link's target is never read");
    }

    @Test
    void generatedFilesReplaceTheAppsOwnAndNothingIsWrittenToTheApp() throws IOException {
        Files.writeString(app.resolve("Dockerfile"), "FROM mine\n");
        Map<String, Entry> tar = read(
                new DirectoryContext(app, Map.of("Dockerfile", "FROM generated\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("FROM generated\n", tar.get("Dockerfile").content());
        assertEquals("FROM mine\n", Files.readString(app.resolve("Dockerfile")));
        assertEquals(1, tar.keySet().stream().filter("Dockerfile"::equals).count());
    }

    @Test
    void anExcludedDirectoryIsNotWalkedUnlessAnExceptionReachesBelowIt() throws IOException {
        Files.createDirectories(app.resolve("node_modules/dep"));
        Files.writeString(app.resolve("node_modules/dep/index.js"), "x");
        Files.createDirectories(app.resolve("docs/api"));
        Files.writeString(app.resolve("docs/api/README.md"), "x");
        Files.writeString(app.resolve("docs/other.md"), "x");
        Files.writeString(app.resolve(".dockerignore"), "node_modules\ndocs\n!docs/api/README.md\n");
        DockerIgnore ignore = DockerIgnore.read(AppDir.open(app));
        List<String> looked = new ArrayList<>();
        Predicate<String> excluded = path -> {
            looked.add(path);
            return ignore.excludes(path);
        };

        Map<String, Entry> tar = read(new DirectoryContext(app, Map.of(), excluded, ignore::mustWalk));
        assertTrue(looked.contains("node_modules"));
        assertTrue(
                looked.stream().noneMatch(p -> p.startsWith("node_modules/")),
                "node_modules is not entered: " + looked);
        assertTrue(looked.contains("docs/api/README.md"), "an exception below docs makes the walk enter it");
        assertEquals(Set.of(".dockerignore", "docs/api/README.md"), tar.keySet());
    }

    @Test
    void entriesAreSentInNameOrder() throws IOException {
        for (String name : List.of("b", "a", "c/z", "c/y", "B")) {
            Files.createDirectories(app.resolve(name).getParent());
            Files.writeString(app.resolve(name), name);
        }
        assertEquals(
                List.of("B", "a", "b", "c/", "c/y", "c/z"),
                List.copyOf(read(new DirectoryContext(app, Map.of())).keySet()));
    }

    @Test
    void dockerignoreDecidesWhatIsSent() throws IOException {
        Files.writeString(app.resolve(".dockerignore"), ".env\nnode_modules\n!node_modules/keep.txt\n*.log\n");
        Files.writeString(app.resolve(".env"), "SECRET=s3cr3t\n");
        Files.writeString(app.resolve("index.js"), "x");
        Files.writeString(app.resolve("debug.log"), "x");
        Files.createDirectories(app.resolve("node_modules/dep"));
        Files.writeString(app.resolve("node_modules/dep/index.js"), "x");
        Files.writeString(app.resolve("node_modules/keep.txt"), "x");

        DockerIgnore ignore = DockerIgnore.read(AppDir.open(app));
        Map<String, Entry> tar = read(new DirectoryContext(app, Map.of(), ignore::excludes, ignore::mustWalk));
        assertFalse(tar.containsKey(".env"), "secrets listed in .dockerignore never leave the machine");
        assertFalse(tar.containsKey("debug.log"));
        assertFalse(tar.containsKey("node_modules/dep/index.js"));
        assertTrue(tar.containsKey("node_modules/keep.txt"), "an exception brings a file back");
        assertTrue(tar.containsKey("index.js"));
        assertTrue(tar.values().stream().noneMatch(e -> e.content().contains("s3cr3t")));
    }
}
