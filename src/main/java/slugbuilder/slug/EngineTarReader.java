package slugbuilder.slug;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Reads the tar the engine's archive endpoint sends (Go's archive/tar as moby writes it): ustar
 * headers (with their prefix field), PAX extended headers ('x': path, linkpath, size, uid, gid,
 * uname, gname, mtime; other keys ignored), global PAX headers ('g', ignored), GNU long names
 * ('L', 'K'), octal and base-256 numbers. Every header's checksum is checked. One entry at a
 * time: {@link #next} skips what is left of the previous one within its own buffer.
 *
 * <p>The archive ends at two zero blocks or at the end of the input between entries, as
 * commons-compress's reader ended it; input that ends inside a header or an entry's data is a
 * {@link TruncatedArchiveException}, and so is a damaged header.
 */
final class EngineTarReader {
    private static final int BLOCK = 512;
    private static final int MAX_METADATA = 1 << 20; // PAX records or a GNU long name: more is not a name

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    // the input is read in large chunks, so a header or a small file costs a copy, not a call down the stream chain
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long position; // bytes read so far, for messages
    private long remaining; // of the current entry's data
    private int padding; // after it, to the next block
    private boolean ended;

    EngineTarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    EngineEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        EngineEntry entry = new EngineEntry();
        String longName = null;
        String longLink = null;
        String[] pax = null; // path, linkpath, size, uid, gid, uname, gname, mtime
        while (true) {
            if (!readHeader()) {
                ended = true;
                return null;
            }
            byte type = block[156];
            long size = number(124, 12);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                if (size > MAX_METADATA) {
                    throw damaged("an extended header of " + size + " bytes");
                }
                byte[] data = readData((int) size);
                if (type == 'x') {
                    pax = parsePax(data, pax == null ? new String[8] : pax, entry);
                } else if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'K') {
                    longLink = cString(data, 0, data.length);
                }
                continue;
            }
            entry.type = type;
            entry.size = size;
            break;
        }
        String name = cString(block, 0, 100);
        if (isPosixUstar() && block[345] != 0) {
            name = cString(block, 345, 155) + "/" + name;
        }
        entry.name = longName != null ? longName : name;
        entry.linkName = longLink != null ? longLink : cString(block, 157, 100);
        entry.mode = (int) number(100, 8);
        entry.uid = number(108, 8);
        entry.gid = number(116, 8);
        entry.user = cString(block, 265, 32);
        entry.group = cString(block, 297, 32);
        long mtime = number(136, 12);
        entry.mtime = FileTime.from(mtime, TimeUnit.SECONDS);
        entry.sparse |= entry.type == 'S';
        if (pax != null) {
            applyPax(pax, entry);
        }
        if (entry.type == '5' && !entry.name.endsWith("/")) {
            entry.name += "/";
        }
        remaining = entry.size;
        padding = (int) ((BLOCK - entry.size % BLOCK) % BLOCK);
        return entry;
    }

    /** The current entry's data: -1 at its end. */
    int read(byte[] target, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int wanted = (int) Math.min(len, remaining);
        int n;
        if (pos == limit && wanted >= buffer.length / 2) {
            n = in.read(target, off, wanted); // a large read goes straight to the caller's array
            if (n < 0) {
                throw truncated("inside an entry's data");
            }
        } else {
            int available = available();
            if (available == 0) {
                throw truncated("inside an entry's data");
            }
            n = Math.min(wanted, available);
            System.arraycopy(buffer, pos, target, off, n);
            pos += n;
        }
        remaining -= n;
        position += n;
        return n;
    }

    int read(byte[] target) throws IOException {
        return read(target, 0, target.length);
    }

    /** Bytes left in the buffer, refilled when empty; 0 only at the end of the input. */
    private int available() throws IOException {
        while (pos == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return 0;
            }
            pos = 0;
            limit = n;
        }
        return limit - pos;
    }

    private boolean readHeader() throws IOException {
        int n = readFully(block, 0, BLOCK);
        if (n == 0) {
            return false; // the end of the input between entries
        }
        if (n < BLOCK) {
            throw truncated("inside a header");
        }
        position += BLOCK;
        long sum = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += block[i] & 0xff;
            signed += block[i];
        }
        if (sum == 0) {
            return false; // the first of the two zero blocks that end the archive
        }
        long field = 0;
        for (int i = 148; i < 156; i++) {
            field += block[i] & 0xff;
            signed -= block[i];
        }
        // the checksum counts its own field as spaces; some old writers summed signed bytes
        long stored = number(148, 8);
        if (stored != sum - field + 8 * ' ' && stored != signed + 8 * ' ') {
            throw damaged("a header whose checksum does not match");
        }
        return true;
    }

    private byte[] readData(int size) throws IOException {
        byte[] data = new byte[size];
        if (readFully(data, 0, size) < size) {
            throw truncated("inside an extended header");
        }
        position += size;
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private int readFully(byte[] target, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int available = available();
            if (available == 0) {
                break;
            }
            int n = Math.min(available, len - total);
            System.arraycopy(buffer, pos, target, off + total, n);
            pos += n;
            total += n;
        }
        return total;
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            int available = available();
            if (available == 0) {
                throw truncated("inside an entry's data");
            }
            int n = (int) Math.min(available, left);
            pos += n;
            left -= n;
            position += n;
        }
    }

    private boolean isPosixUstar() {
        return block[257] == 'u'
                && block[258] == 's'
                && block[259] == 't'
                && block[260] == 'a'
                && block[261] == 'r'
                && block[262] == 0;
    }

    /** An octal field (spaces and NULs around it), or base-256 when its first byte has the high bit. */
    private long number(int offset, int length) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            if ((block[offset] & 0x40) != 0) {
                throw damaged("a negative number in a header");
            }
            long value = block[offset] & 0x3f;
            for (int i = offset + 1; i < offset + length; i++) {
                if (value >>> 55 != 0) {
                    throw damaged("a number too large in a header");
                }
                value = value << 8 | (block[i] & 0xff);
            }
            return value;
        }
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        long value = 0;
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            int digit = block[i] - '0';
            if (digit < 0 || digit > 7 || value >>> 60 != 0) {
                throw damaged("a header field that is not an octal number");
            }
            value = value << 3 | digit;
        }
        for (; i < end; i++) {
            if (block[i] != ' ' && block[i] != 0) {
                throw damaged("a header field that is not an octal number");
            }
        }
        return value;
    }

    /** Records "LEN key=value\n" into SLOTS (path, linkpath, size, uid, gid, uname, gname, mtime). */
    private String[] parsePax(byte[] data, String[] slots, EngineEntry entry) throws IOException {
        int at = 0;
        while (at < data.length) {
            if (data[at] == 0) {
                break; // NUL padding some writers leave
            }
            int length = 0;
            int i = at;
            for (; i < data.length && data[i] >= '0' && data[i] <= '9' && length < MAX_METADATA; i++) {
                length = length * 10 + (data[i] - '0');
            }
            int end = at + length;
            if (i == at
                    || i >= data.length
                    || data[i] != ' '
                    || end > data.length
                    || end <= i + 1
                    || data[end - 1] != '\n') {
                throw damaged("a malformed PAX record");
            }
            int equals = -1;
            for (int j = i + 1; j < end - 1 && equals < 0; j++) {
                if (data[j] == '=') {
                    equals = j;
                }
            }
            if (equals < 0) {
                throw damaged("a malformed PAX record");
            }
            String key = new String(data, i + 1, equals - i - 1, StandardCharsets.UTF_8);
            String value = new String(data, equals + 1, end - 1 - equals - 1, StandardCharsets.UTF_8);
            int slot =
                    switch (key) {
                        case "path" -> 0;
                        case "linkpath" -> 1;
                        case "size" -> 2;
                        case "uid" -> 3;
                        case "gid" -> 4;
                        case "uname" -> 5;
                        case "gname" -> 6;
                        case "mtime" -> 7;
                        default -> -1;
                    };
            if (slot >= 0) {
                slots[slot] = value;
            } else if (key.startsWith("GNU.sparse.")) {
                entry.sparse = true;
            }
            at = end;
        }
        return slots;
    }

    private void applyPax(String[] pax, EngineEntry entry) throws IOException {
        try {
            if (pax[0] != null) {
                entry.name = pax[0];
            }
            if (pax[1] != null) {
                entry.linkName = pax[1];
            }
            if (pax[2] != null) {
                entry.size = Long.parseLong(pax[2]);
            }
            if (pax[3] != null) {
                entry.uid = Long.parseLong(pax[3]);
            }
            if (pax[4] != null) {
                entry.gid = Long.parseLong(pax[4]);
            }
            if (pax[5] != null) {
                entry.user = pax[5];
            }
            if (pax[6] != null) {
                entry.group = pax[6];
            }
            if (pax[7] != null) {
                entry.mtime = paxTime(pax[7]);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw damaged("a PAX record that is not a number: " + e.getMessage());
        }
        if (entry.size < 0) {
            throw damaged("a negative size");
        }
    }

    private static FileTime paxTime(String value) {
        if (value.indexOf('.') < 0) {
            return FileTime.from(Long.parseLong(value), TimeUnit.SECONDS);
        }
        BigDecimal time = new BigDecimal(value);
        BigDecimal seconds = time.setScale(0, RoundingMode.FLOOR);
        int nanos = time.subtract(seconds)
                .movePointRight(9)
                .setScale(0, RoundingMode.DOWN)
                .intValueExact();
        return FileTime.from(Instant.ofEpochSecond(seconds.longValueExact(), nanos));
    }

    /** The bytes up to the first NUL (or LENGTH), in UTF-8. */
    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private TruncatedArchiveException truncated(String where) {
        return new TruncatedArchiveException("the engine's archive ends " + where + " (after " + position + " bytes)");
    }

    private TruncatedArchiveException damaged(String what) {
        return new TruncatedArchiveException(
                "the engine's archive is damaged: " + what + " (after " + position + " bytes)");
    }
}
