package slugbuilder.slug;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A tar stream as the engine's archive endpoint sends it for {@code /app} (entries {@code app/},
 * {@code app/src/...}, PAX headers for long and non-ASCII names), built in memory; and the
 * reading back of a slug, entry by entry.
 */
final class EngineTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;
    private Instant mtime = Instant.parse("2024-05-06T07:08:09Z");
    private long uid = 1000;
    private long gid = 1000;
    private String user = "app";

    EngineTar() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    EngineTar owner(long newUid, long newGid, String newUser) {
        uid = newUid;
        gid = newGid;
        user = newUser;
        return this;
    }

    EngineTar mtime(Instant time) {
        mtime = time;
        return this;
    }

    EngineTar dir(String name) {
        return dir(name, 0755);
    }

    EngineTar dir(String name, int mode) {
        return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR), mode, null);
    }

    EngineTar file(String name, String content) {
        return file(name, 0644, content);
    }

    EngineTar file(String name, int mode, String content) {
        return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    EngineTar file(String name, int mode, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setSize(content.length);
        return put(entry, mode, content);
    }

    EngineTar symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        return put(entry, 0777, null);
    }

    EngineTar hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
        entry.setLinkName(target);
        return put(entry, 0644, null);
    }

    EngineTar special(String name, byte type) {
        return put(new TarArchiveEntry(name, type), 0644, null);
    }

    private EngineTar put(TarArchiveEntry entry, int mode, byte[] content) {
        try {
            entry.setMode(mode);
            entry.setUserId(uid);
            entry.setGroupId(gid);
            entry.setUserName(user);
            entry.setGroupName(user);
            entry.setLastModifiedTime(FileTime.from(mtime));
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    /** The usual top of the engine's answer: /app, /app/.profile.d, /app/src. */
    static EngineTar app() {
        return new EngineTar()
                .dir("app/")
                .dir("app/.profile.d/")
                .file("app/.profile.d/node.sh", "export PATH=/app/.heroku/node/bin:$PATH\n")
                .dir("app/src/");
    }

    // ---- reading a slug back ----

    record Entry(
            String name,
            byte type,
            int mode,
            String link,
            byte[] content,
            long uid,
            long gid,
            String user,
            String group,
            Instant mtime) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Entry> read(byte[] slugTgz) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry e : readList(slugTgz)) {
            entries.put(e.name, e);
        }
        return entries;
    }

    static List<Entry> readList(byte[] slugTgz) {
        List<Entry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(slugTgz)), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.add(new Entry(
                        e.getName(),
                        e.getLinkFlag(),
                        e.getMode(),
                        e.getLinkName(),
                        in.readAllBytes(),
                        e.getLongUserId(),
                        e.getLongGroupId(),
                        e.getUserName(),
                        e.getGroupName(),
                        e.getLastModifiedTime().toInstant()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
