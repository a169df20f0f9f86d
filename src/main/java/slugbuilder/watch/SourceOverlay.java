package slugbuilder.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The source files changed since the app image was built: a dyno container made from that image
 * gets them written in before it starts, so every replacement carries all of them, not only the
 * last change. Read from the app directory when written, so a dyno always gets the files as they are.
 */
public final class SourceOverlay {
    private final Path root;
    private final Set<String> paths = new TreeSet<>();

    public SourceOverlay(Path root) {
        this.root = root;
    }

    public void add(String path) {
        paths.add(path);
    }

    /** Forgets PATH (deleted again before any build took it); whether it was there. */
    public boolean remove(String path) {
        return paths.remove(path) | paths.removeIf(p -> p.startsWith(path + "/"));
    }

    public boolean contains(String path) {
        return paths.contains(path);
    }

    /** After a build: the image has every file as it was. */
    public void clear() {
        paths.clear();
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /**
     * A tar of the overlay's files that still exist (and their parent directories), owned by
     * OWNER, to be unpacked where the image has the app.
     */
    public byte[] tar(Owner owner) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<String> dirs = new TreeSet<>();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String path : paths) {
                Path file = root.resolve(path);
                boolean link = Files.isSymbolicLink(file);
                if (!link && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // gone again, or a directory: its files are entries of their own
                }
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String dir = path.substring(0, slash);
                    if (dirs.add(dir)) {
                        TarArchiveEntry entry = new TarArchiveEntry(dir + "/");
                        entry.setMode(0755);
                        own(entry, owner);
                        tar.putArchiveEntry(entry);
                        tar.closeArchiveEntry();
                    }
                }
                TarArchiveEntry entry;
                if (link) {
                    entry = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(file).toString());
                } else {
                    entry = new TarArchiveEntry(path);
                    entry.setSize(Files.size(file));
                    entry.setMode(
                            Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)
                                    ? 0755
                                    : 0644);
                }
                entry.setModTime(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                        .toMillis());
                own(entry, owner);
                tar.putArchiveEntry(entry);
                if (!link) {
                    Files.copy(file, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the changed files in " + root, e);
        }
        return bytes.toByteArray();
    }

    private static void own(TarArchiveEntry entry, Owner owner) {
        entry.setUserId(owner.uid());
        entry.setGroupId(owner.gid());
    }

    /** The numeric owner of the app's files in the image. */
    public record Owner(long uid, long gid) {
        /** The owner of the first entry of TAR (the engine's archive of the app's directory). */
        public static Optional<Owner> ofFirstEntry(InputStream tar) {
            try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
                TarArchiveEntry first = in.getNextEntry();
                return first == null
                        ? Optional.empty()
                        : Optional.of(new Owner(first.getLongUserId(), first.getLongGroupId()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the app's directory in the image", e);
            }
        }
    }
}
