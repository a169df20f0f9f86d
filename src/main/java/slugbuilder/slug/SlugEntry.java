package slugbuilder.slug;

import java.nio.file.attribute.FileTime;

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
}
