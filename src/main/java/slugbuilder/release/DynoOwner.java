package slugbuilder.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Re-owns a slug's files to the dyno's user while they stream into a container: on a dyno the
 * process owns /app; a slug's own owners (root in a reproducible slug) would leave it read-only.
 */
final class DynoOwner {
    /** The uid and gid a booted slug's process runs as; any non-root id works, the stack need not know it. */
    static final int UID = 1000;

    private DynoOwner() {}

    /** Copies the gzip-compressed tar SLUG to OUT as a plain tar, every entry owned by {@link #UID}. */
    static void rewrite(InputStream slug, OutputStream out) throws IOException {
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(new GzipCompressorInputStream(slug), StandardCharsets.UTF_8.name())) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entry.setUserId(UID);
                entry.setGroupId(UID);
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                if (entry.isFile()) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}
