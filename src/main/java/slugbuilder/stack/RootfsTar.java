package slugbuilder.stack;

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
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a root filesystem as a tar stream for {@code docker import}: owners, modes, symlinks
 * and hard links kept as they are. Device nodes, FIFOs and sockets are left out: the engine
 * provides /dev to every container.
 */
final class RootfsTar {
    private RootfsTar() {}

    static void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Map<Object, String> seenInodes = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    put(tar, root, dir, TarConstants.LF_DIR, null, seenInodes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    put(
                            tar,
                            root,
                            file,
                            TarConstants.LF_SYMLINK,
                            Files.readSymbolicLink(file).toString(),
                            seenInodes);
                } else if (attrs.isRegularFile()) {
                    put(tar, root, file, TarConstants.LF_NORMAL, null, seenInodes);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        tar.finish();
    }

    private static void put(
            TarArchiveOutputStream tar,
            Path root,
            Path path,
            byte type,
            String linkTarget,
            Map<Object, String> seenInodes)
            throws IOException {
        String name = root.relativize(path).toString().replace('\\', '/');
        Map<String, Object> unix = Files.readAttributes(
                path, "unix:mode,uid,gid,ino,dev,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        if (type == TarConstants.LF_NORMAL && ((Integer) unix.get("nlink")) > 1) {
            Object inode = unix.get("dev") + ":" + unix.get("ino");
            String first = seenInodes.putIfAbsent(inode, name);
            if (first != null) {
                entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                entry.setLinkName(first);
                finish(tar, entry, unix, null);
                return;
            }
        }
        entry = type == TarConstants.LF_DIR
                ? new TarArchiveEntry(name + "/", TarConstants.LF_DIR)
                : new TarArchiveEntry(name, type);
        if (linkTarget != null) {
            entry.setLinkName(linkTarget);
        }
        if (type == TarConstants.LF_NORMAL) {
            entry.setSize(Files.size(path));
        }
        finish(tar, entry, unix, type == TarConstants.LF_NORMAL ? path : null);
    }

    private static void finish(
            TarArchiveOutputStream tar, TarArchiveEntry entry, Map<String, Object> unix, Path content)
            throws IOException {
        entry.setMode((Integer) unix.get("mode"));
        entry.setUserId((Integer) unix.get("uid"));
        entry.setGroupId((Integer) unix.get("gid"));
        entry.setModTime((FileTime) unix.get("lastModifiedTime"));
        tar.putArchiveEntry(entry);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
