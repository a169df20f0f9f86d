package slugbuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temporary files only their owner can read (0600, directories 0700), and their removal. */
public final class PrivateFiles {
    private PrivateFiles() {}

    /** A new private directory in PARENT (null: java.io.tmpdir). */
    public static Path createDirectory(Path parent, String prefix) throws IOException {
        try {
            FileAttribute<?> rwx = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            return parent == null
                    ? Files.createTempDirectory(prefix, rwx)
                    : Files.createTempDirectory(parent, prefix, rwx);
        } catch (UnsupportedOperationException notPosix) {
            return parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(parent, prefix);
        }
    }

    /** A new private, empty file in DIR. */
    public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
        try {
            FileAttribute<?> rw = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, prefix, suffix, rw);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, prefix, suffix);
        }
    }

    /** Deletes PATH and, when it is a directory, everything below it; absent is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> failures = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    failures.add(path.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            failures.add(root + " (" + e.getMessage() + ")");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " files could not be removed, e.g. " + failures.get(0));
        }
    }
}
