package slugbuilder.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import slugbuilder.SlugbuilderException;

/**
 * An app directory as a build context, streamed: files keep their permission bits (an
 * executable stays executable), symlinks stay links and are never followed. GENERATED files
 * (e.g. a Dockerfile slugbuilder writes) take the place of same-named files, so nothing
 * generated is ever written into the user's directory.
 *
 * <p>The directory is walked when the context is made, before anything reaches the engine:
 * as {@code docker build} does, an excluded directory that no exception can reach into is not
 * entered, and a directory or file the context needs but this user cannot read fails there,
 * naming it (BAD_INPUT), instead of as a broken stream in the middle of the build. Only the
 * names are kept; contents are read while the tar is written, in name order.
 */
public final class DirectoryContext implements BuildContext {
    private static final String UNREADABLE_HINT = "fix its permissions (chmod), or list it in .dockerignore";

    private final Path root;
    private final Map<String, byte[]> generated;
    private final Predicate<String> excluded;
    private final Predicate<String> walkable;
    private final List<String> names = new ArrayList<>();

    /** The whole directory, with GENERATED files added. */
    public DirectoryContext(Path root, Map<String, byte[]> generated) {
        this(root, generated, path -> false, dir -> true);
    }

    /**
     * @param excluded paths (relative, with forward slashes) left out of the context
     * @param walkable whether an excluded directory must still be walked, because an
     *                 exception pattern may bring back something below it
     * @throws SlugbuilderException BAD_INPUT when a directory to walk or a file to send cannot be read
     */
    public DirectoryContext(
            Path root, Map<String, byte[]> generated, Predicate<String> excluded, Predicate<String> walkable) {
        this.root = root;
        this.generated = new TreeMap<>(generated);
        this.excluded = excluded;
        this.walkable = walkable;
        walk(root, "");
    }

    private void walk(Path dir, String prefix) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        } catch (IOException e) {
            throw unreadable(prefix.isEmpty() ? "." : prefix.substring(0, prefix.length() - 1), e);
        }
        children.sort(null); // the order docker's walk sends them in (Go's sorted ReadDir), and the same every time
        for (Path child : children) {
            String name = prefix + child.getFileName();
            BasicFileAttributes attrs = attributes(child, name);
            if (attrs.isDirectory()) {
                boolean skipped = excluded.test(name);
                if (!skipped) {
                    names.add(name + "/");
                }
                if (!skipped || walkable.test(name)) {
                    walk(child, name + "/");
                }
            } else if (!generated.containsKey(name) && !excluded.test(name)) {
                if (attrs.isRegularFile() && !Files.isReadable(child)) {
                    throw unreadable(name, new AccessDeniedException(child.toString()));
                }
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    names.add(name);
                }
            }
        }
    }

    private static BasicFileAttributes attributes(Path path, String name) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (String name : names) {
            try {
                writeEntry(tar, name);
            } catch (AccessDeniedException e) {
                throw unreadable(name, e); // its permissions changed since the walk
            }
        }
        BuildContext.ofFiles(generated).writeEntries(tar);
        tar.finish();
    }

    private void writeEntry(TarArchiveOutputStream tar, String name) throws IOException {
        if (name.endsWith("/")) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setMode(040000 | mode(root.resolve(name)));
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return;
        }
        Path file = root.resolve(name);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
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
    }

    private static SlugbuilderException unreadable(String name, IOException e) {
        String why = e instanceof AccessDeniedException
                ? "permission denied"
                : "cannot be read: "
                        + (e instanceof FileSystemException fs && fs.getReason() != null
                                ? fs.getReason()
                                : e.getMessage());
        return SlugbuilderException.badFile(name, 0, why, UNREADABLE_HINT);
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
