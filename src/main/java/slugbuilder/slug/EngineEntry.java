package slugbuilder.slug;

import java.nio.file.attribute.FileTime;

/** One entry of the engine's archive as {@link EngineTarReader} reads it: its header, PAX and GNU long names applied. */
final class EngineEntry {
    String name = "";
    String linkName = "";
    byte type;
    int mode;
    long uid;
    long gid;
    String user = "";
    String group = "";
    long size;
    FileTime mtime;
    boolean sparse; // GNU sparse ('S' or GNU.sparse.* records): its data is not the file's bytes

    boolean isSymbolicLink() {
        return type == '2';
    }

    boolean isLink() {
        return type == '1';
    }

    boolean isFifo() {
        return type == '6';
    }

    boolean isCharacterDevice() {
        return type == '3';
    }

    boolean isBlockDevice() {
        return type == '4';
    }

    /** A directory entry, or an old-style one whose name ends with '/'. */
    boolean isDirectory() {
        return type == '5' || name.endsWith("/");
    }

    /** A regular file: '0', the old NUL type or '7' (contiguous), or a sparse one. */
    boolean isRegular() {
        return type == '0' || type == 0 || type == '7' || sparse;
    }
}
