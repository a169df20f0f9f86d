package slugbuilder.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An app directory as a build context, streamed: files keep their permission bits (an
 * executable stays executable), symlinks stay links and are never followed. GENERATED files
 * (e.g. a Dockerfile slugbuilder writes) take the place of same-named files, so nothing
 * generated is ever written into the user's directory.
 */
public final class DirectoryContext implements BuildContext {
    private final Path root;
    private final Map<String, byte[]> generated;
    private final Predicate<String> excluded;
    private final Predicate<String> walkable;

    /** The whole directory, with GENERATED files added. */
    public DirectoryContext(Path root, Map<String, byte[]> generated) {
        this(root, generated, path -> false, dir -> true);
    }

    /**
     * @param excluded paths (relative, with forward slashes) left out of the context
     * @param walkable whether an excluded directory must still be walked, because an
     *                 exception pattern may bring back something below it
     */
    public DirectoryContext(Path root, Map<String, byte[]> generated, Predicate<String> excluded, Predicate<String> walkable) {
        this.root = root;
        this.generated = new TreeMap<>(generated);
        this.excluded = excluded;
        this.walkable = walkable;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (excluded.test(name(dir))) {
                    return walkable.test(name(dir)) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }
                TarArchiveEntry entry = new TarArchiveEntry(name(dir) + "/");
                entry.setMode(040000 | mode(dir));
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = name(file);
                if (generated.containsKey(name) || excluded.test(name)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(file).toString());
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    entry.setMode(0100000 | mode(file));
                    entry.setSize(attrs.size());
                    tar.putArchiveEntry(entry);
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        BuildContext.ofFiles(generated).writeEntries(tar);
        tar.finish();
    }

    private String name(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static int mode(Path path) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }
}
