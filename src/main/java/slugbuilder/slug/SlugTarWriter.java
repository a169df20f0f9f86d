package slugbuilder.slug;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the slug's tar straight into the stream below: per entry one 512-byte ustar header, the
 * data padded to 512 bytes; at the end two zero blocks. A PAX extended header ('x') goes before
 * an entry exactly when ustar cannot hold one of its values: a name or link name of 100 bytes or
 * more or with non-ASCII characters ({@code path}, {@code linkpath}, UTF-8), a size of 8 GiB or
 * more, a uid or gid above 07777777, an mtime before 1970, past 077777777777 or with a fraction
 * of a second. These are the bytes commons-compress's TarArchiveOutputStream writes with POSIX
 * long names and big numbers and PAX headers for non-ASCII names (the slug's format so far),
 * without its per-entry encoders, maps and entry objects: the common entry (short ASCII name,
 * small numbers) costs one header buffer, reused.
 */
final class SlugTarWriter {
    static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;
    private static final int USER_LENGTH = 32;
    private static final long MAX_ID = 07777777L; // the 8-byte fields: 7 octal digits and a space
    private static final long MAX_SIZE = 077777777777L; // the 12-byte fields: 11 octal digits and a space
    private static final int PAX_MODE = 0100644;
    private static final byte[] ZEROS = new byte[BLOCK];
    private static final byte[] MAGIC = {'u', 's', 't', 'a', 'r', 0, '0', '0'};

    private final OutputStream out;
    private final byte[] header = new byte[BLOCK];
    private long written;
    private String current; // the open entry's name, null between entries
    private long size; // the open entry's data size
    private long remaining; // of which still to come

    SlugTarWriter(OutputStream out) {
        this.out = out;
    }

    /** Bytes of tar written so far: headers, data, padding and the end blocks. */
    long written() {
        return written;
    }

    /** Writes ENTRY's header (and a PAX header before it when needed); a file's data follows through {@link #write}. */
    void put(SlugEntry entry) throws IOException {
        if (current != null) {
            throw new IllegalStateException("the entry " + current + " is still open");
        }
        if (entry.mode < 0 || entry.mode > MAX_ID) {
            throw new IllegalArgumentException("mode '" + entry.mode + "' of " + entry.outName() + " is too big");
        }
        String name = entry.outName();
        String link =
                switch (entry.kind) {
                    case SYMLINK -> entry.link;
                    case HARDLINK -> SlugEntry.outName(entry.link, false);
                    default -> "";
                };
        long dataSize = entry.kind == SlugEntry.Kind.FILE ? entry.size : 0;
        Instant mtime = entry.mtime.toInstant();
        long seconds = mtime.getEpochSecond();
        int nanos = mtime.getNano();
        boolean longName = !fitsUstar(name);
        boolean longLink = !fitsUstar(link);
        boolean bigUid = entry.uid < 0 || entry.uid > MAX_ID;
        boolean bigGid = entry.gid < 0 || entry.gid > MAX_ID;
        boolean bigSize = dataSize > MAX_SIZE;
        boolean oddTime = nanos != 0 || seconds < 0 || seconds > MAX_SIZE;
        if (longName || longLink || bigUid || bigGid || bigSize || oddTime) {
            // records in the order commons-compress's hash map of them iterates, so the bytes stay the
            // same: path and uid share a bucket, where a name of 100 bytes or more was put before uid
            // and a shorter non-ASCII one after it
            StringBuilder records = new StringBuilder();
            boolean pathFirst = longName && name.getBytes(StandardCharsets.UTF_8).length >= NAME_LENGTH;
            if (pathFirst) {
                record(records, "path", name);
            }
            if (bigUid) {
                record(records, "uid", Long.toString(entry.uid));
            }
            if (longName && !pathFirst) {
                record(records, "path", name);
            }
            if (bigGid) {
                record(records, "gid", Long.toString(entry.gid));
            }
            if (bigSize) {
                record(records, "size", Long.toString(dataSize));
            }
            if (longLink) {
                record(records, "linkpath", link);
            }
            if (oddTime) {
                record(records, "mtime", paxTime(seconds, nanos));
            }
            byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
            formatHeader(paxName(name), PAX_MODE, 0, 0, data.length, inRange(seconds), (byte) 'x', "", "", "");
            writeBlock(header);
            out.write(data);
            written += data.length;
            pad(data.length);
        }
        byte type =
                switch (entry.kind) {
                    case DIR -> '5';
                    case FILE -> '0';
                    case SYMLINK -> '2';
                    case HARDLINK -> '1';
                };
        formatHeader(name, entry.mode, entry.uid, entry.gid, dataSize, seconds, type, link, entry.user, entry.group);
        writeBlock(header);
        current = name;
        size = dataSize;
        remaining = dataSize;
    }

    /** Data of the open entry: no more than its size in all. */
    void write(byte[] bytes, int off, int len) throws IOException {
        if (current == null) {
            throw new IllegalStateException("no entry is open");
        }
        if (len > remaining) {
            throw new IOException(
                    "writing " + len + " bytes passes the size in the header of " + current + ": " + size + " bytes");
        }
        out.write(bytes, off, len);
        written += len;
        remaining -= len;
    }

    /** Ends the open entry: its data must be complete; pads it to a whole block. */
    void closeEntry() throws IOException {
        if (current == null) {
            throw new IllegalStateException("no entry is open");
        }
        if (remaining > 0) {
            throw new IOException("the entry " + current + " ended after " + (size - remaining) + " of the " + size
                    + " bytes its header names");
        }
        pad(size);
        current = null;
    }

    /** The two zero blocks that end a tar. The stream below stays open. */
    void finish() throws IOException {
        if (current != null) {
            throw new IllegalStateException("the entry " + current + " is still open");
        }
        writeBlock(ZEROS);
        writeBlock(ZEROS);
    }

    private void writeBlock(byte[] block) throws IOException {
        out.write(block, 0, BLOCK);
        written += BLOCK;
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % BLOCK);
        if (rest != 0) {
            out.write(ZEROS, 0, BLOCK - rest);
            written += BLOCK - rest;
        }
    }

    private void formatHeader(
            String name,
            int mode,
            long uid,
            long gid,
            long dataSize,
            long mtime,
            byte type,
            String link,
            String user,
            String group) {
        byte[] h = header;
        putString(name, 0, NAME_LENGTH);
        putOctal(mode, 100, 8);
        putOctal(uid, 108, 8);
        putOctal(gid, 116, 8);
        putOctal(dataSize, 124, 12);
        putOctal(mtime, 136, 12);
        Arrays.fill(h, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
        h[156] = type;
        putString(link, 157, NAME_LENGTH);
        System.arraycopy(MAGIC, 0, h, 257, MAGIC.length);
        putString(user, 265, USER_LENGTH);
        putString(group, 297, USER_LENGTH);
        putOctal(0, 329, 8); // device major and minor
        putOctal(0, 337, 8);
        Arrays.fill(h, 345, BLOCK, (byte) 0); // prefix (unused) and the rest
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        for (int i = 153; i >= 148; i--) {
            h[i] = (byte) ('0' + (sum & 7));
            sum >>>= 3;
        }
        h[154] = 0;
        h[155] = ' ';
    }

    /** VALUE as octal digits, zero-padded, then a space; 0 when it does not fit (a PAX record holds it then). */
    private void putOctal(long value, int offset, int length) {
        long v = value < 0 || value >= 1L << 3 * (length - 1) ? 0 : value;
        header[offset + length - 1] = ' ';
        for (int i = offset + length - 2; i >= offset; i--) {
            header[i] = (byte) ('0' + (v & 7));
            v >>>= 3;
        }
    }

    /**
     * S in UTF-8, NUL-filled, cut to fit LENGTH bytes as commons-compress cuts it: a UTF-16 char at
     * a time, so half an emoji may end it as '?' (a PAX record holds the whole name then).
     */
    private void putString(String s, int offset, int length) {
        int n = s.length();
        int i = 0;
        if (n <= length) {
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                header[offset + i] = (byte) c;
            }
        }
        if (i < n) {
            byte[] bytes = fitUtf8(s, length);
            System.arraycopy(bytes, 0, header, offset, bytes.length);
            i = bytes.length;
        }
        Arrays.fill(header, offset + i, offset + length, (byte) 0);
    }

    private static byte[] fitUtf8(String s, int length) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int end = s.length();
        while (bytes.length > length) {
            end--;
            bytes = s.substring(0, end).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** Whether a ustar name field holds NAME: all ASCII and shorter than 100 bytes. */
    private static boolean fitsUstar(String name) {
        int n = name.length();
        if (n >= NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static long inRange(long seconds) {
        return seconds < 0 || seconds > MAX_SIZE ? 0 : seconds;
    }

    /** The PAX header's own name: the entry's name in 7 bits, its slashes as '_', cut to 99 characters. */
    private static String paxName(String name) {
        StringBuilder b = new StringBuilder("./PaxHeaders.X/");
        for (int i = 0; i < name.length() && b.length() < NAME_LENGTH - 1; i++) {
            char c = (char) (name.charAt(i) & 0x7f);
            b.append(c == 0 || c == '/' || c == '\\' ? '_' : c);
        }
        return b.toString();
    }

    /** Whole seconds as is; with a fraction, 7 decimals cut (not rounded), as commons-compress writes them. */
    private static String paxTime(long seconds, int nanos) {
        if (nanos == 0) {
            return Long.toString(seconds);
        }
        return BigDecimal.valueOf(seconds)
                .add(BigDecimal.valueOf(nanos).movePointLeft(9).setScale(7, RoundingMode.DOWN))
                .toPlainString();
    }

    /** One record "LEN key=value\n", LEN counting its own digits, in UTF-8 bytes. */
    private static void record(StringBuilder records, String key, String value) {
        int rest = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int length = rest + 1;
        while (length != rest + Integer.toString(length).length()) {
            length = rest + Integer.toString(length).length();
        }
        records.append(length).append(' ').append(key).append('=').append(value).append('\n');
    }
}
