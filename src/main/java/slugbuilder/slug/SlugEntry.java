package slugbuilder.slug;

import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** An entry that goes into the slug, with the metadata it keeps; mutable, as reproducible mode rewrites some of it. */
final class SlugEntry {
    static final String PREFIX = "./app/";

    enum Kind {
        DIR,
        FILE,
        SYMLINK,
        HARDLINK
    }

    Kind kind;
    String rel; // relative to /app, "" for /app itself
    String link; // symlink: the target as is; hard link: the target relative to /app
    long size;
    int mode;
    long uid;
    long gid;
    String user;
    String group;
    FileTime mtime;

    /** The entry's name in the slug: {@code ./app/...}, a directory's with a trailing '/'. */
    String outName() {
        return outName(rel, kind == Kind.DIR);
    }

    static String outName(String rel, boolean dir) {
        if (rel.isEmpty()) {
            return PREFIX;
        }
        return PREFIX + rel + (dir ? "/" : "");
    }

    TarArchiveEntry toEntry() {
        TarArchiveEntry entry =
                switch (kind) {
                    case DIR -> new TarArchiveEntry(outName(), TarConstants.LF_DIR);
                    case FILE -> new TarArchiveEntry(outName(), TarConstants.LF_NORMAL);
                    case SYMLINK -> new TarArchiveEntry(outName(), TarConstants.LF_SYMLINK);
                    case HARDLINK -> new TarArchiveEntry(outName(), TarConstants.LF_LINK);
                };
        if (kind == Kind.FILE) {
            entry.setSize(size);
        } else if (kind == Kind.SYMLINK) {
            entry.setLinkName(link);
        } else if (kind == Kind.HARDLINK) {
            entry.setLinkName(outName(link, false));
        }
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName(user);
        entry.setGroupName(group);
        entry.setLastModifiedTime(mtime);
        return entry;
    }
}
