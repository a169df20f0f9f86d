package slugbuilder.slug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlugTarWriterTest {
    private static final Instant MTIME = Instant.parse("2024-05-06T07:08:09Z");

    private static SlugEntry entry(SlugEntry.Kind kind, String rel) {
        SlugEntry e = new SlugEntry();
        e.kind = kind;
        e.rel = rel;
        e.mode = kind == SlugEntry.Kind.DIR ? 0755 : 0644;
        e.uid = 1000;
        e.gid = 1000;
        e.user = "app";
        e.group = "app";
        e.mtime = FileTime.from(MTIME);
        return e;
    }

    private static SlugEntry file(String rel, String content) {
        SlugEntry e = entry(SlugEntry.Kind.FILE, rel);
        e.size = content.getBytes(StandardCharsets.UTF_8).length;
        return e;
    }

    private static SlugEntry link(SlugEntry.Kind kind, String rel, String target) {
        SlugEntry e = entry(kind, rel);
        e.link = target;
        return e;
    }

    /** The tar of ENTRIES, each file's content its name (or what CONTENTS gives) in UTF-8. */
    private static byte[] write(List<SlugEntry> entries, List<String> contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SlugTarWriter tar = new SlugTarWriter(out);
        for (int i = 0; i < entries.size(); i++) {
            SlugEntry e = entries.get(i);
            tar.put(e);
            if (e.kind == SlugEntry.Kind.FILE) {
                byte[] data = contents.get(i).getBytes(StandardCharsets.UTF_8);
                tar.write(data, 0, data.length);
            }
            tar.closeEntry();
        }
        tar.finish();
        assertEquals(out.size(), tar.written());
        return out.toByteArray();
    }

    private static byte[] write(SlugEntry... entries) throws IOException {
        List<String> contents = new ArrayList<>();
        for (SlugEntry e : entries) {
            contents.add("x".repeat((int) e.size));
        }
        return write(List.of(entries), contents);
    }

    private static List<TarArchiveEntry> read(byte[] tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static String field(byte[] tar, int offset, int length) {
        return new String(tar, offset, length, StandardCharsets.US_ASCII);
    }

    @Test
    void aCommonEntryIsOneUstarHeaderAndItsPaddedData() throws IOException {
        byte[] tar = write(List.of(file("src/index.js", "hello")), List.of("hello"));
        assertEquals(512 + 512 + 2 * 512, tar.length);
        assertEquals("./app/src/index.js", field(tar, 0, 18));
        assertEquals(0, tar[18]);
        assertEquals("0000644 ", field(tar, 100, 8));
        assertEquals("0001750 ", field(tar, 108, 8));
        assertEquals("00000000005 ", field(tar, 124, 12));
        assertEquals(Long.toOctalString(MTIME.getEpochSecond()) + " ", field(tar, 136, 12));
        assertEquals('0', tar[156]);
        assertEquals("ustar\u000000", field(tar, 257, 8));
        assertEquals("app\0", field(tar, 265, 4));
        assertEquals("0000000 0000000 ", field(tar, 329, 16));
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : tar[i] & 0xff;
        }
        assertEquals(String.format(Locale.ROOT, "%06o", sum) + "\0 ", field(tar, 148, 8));
        assertEquals("hello", field(tar, 512, 5));
        assertArrayEquals(new byte[512 - 5 + 1024], Arrays.copyOfRange(tar, 512 + 5, tar.length));
    }

    @Test
    void paxHeadersOnlyWhereUstarCannotHoldTheValue() throws IOException {
        SlugEntry name99 = entry(SlugEntry.Kind.DIR, "d".repeat(92)); // "./app/" + 92 + "/" = 99 bytes
        SlugEntry name100 = file("f".repeat(94), ""); // 100 bytes
        SlugEntry unicode = file("héllo-世界.txt", "");
        SlugEntry bigIds = file("ids", "");
        bigIds.uid = 07777777L + 1;
        bigIds.gid = 07777777L;
        SlugEntry fraction = file("t", "");
        fraction.mtime = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        SlugEntry before1970 = file("old", "");
        before1970.mtime = FileTime.from(Instant.ofEpochSecond(-86400));
        SlugEntry longLink = link(SlugEntry.Kind.SYMLINK, "l", "t".repeat(100));
        SlugEntry unicodeLink = link(SlugEntry.Kind.HARDLINK, "h", "héllo-世界.txt");
        byte[] tar = write(name99, name100, unicode, bigIds, fraction, before1970, longLink, unicodeLink);
        // no data (empty files, links, a directory): a header each, and a PAX header and its one
        // block of records before all but the 99-byte name
        int paxEntries = 7;
        assertEquals((8 + 2 * paxEntries + 2) * 512, tar.length);
        List<TarArchiveEntry> read = read(tar);
        assertEquals(8, read.size());
        assertEquals("./app/" + "d".repeat(92) + "/", read.get(0).getName());
        assertTrue(read.get(0).isDirectory());
        assertEquals("./app/" + "f".repeat(94), read.get(1).getName());
        assertEquals("./app/héllo-世界.txt", read.get(2).getName());
        assertEquals(07777777L + 1, read.get(3).getLongUserId());
        assertEquals(07777777L, read.get(3).getLongGroupId());
        assertEquals(
                Instant.ofEpochSecond(1_700_000_000L, 123_456_700),
                read.get(4).getLastModifiedTime().toInstant());
        assertEquals(-86400, read.get(5).getLastModifiedTime().toInstant().getEpochSecond());
        assertEquals("t".repeat(100), read.get(6).getLinkName());
        assertTrue(read.get(6).isSymbolicLink());
        assertEquals("./app/héllo-世界.txt", read.get(7).getLinkName());
        assertTrue(read.get(7).isLink());
        assertTrue(field(tar, 2 * 512, 512).contains("110 path=./app/" + "f".repeat(94) + "\n"));
    }

    @Test
    void aSizeOf8GibOrMoreGoesIntoAPaxRecord() throws IOException {
        SlugEntry big = file("big.bin", "");
        big.size = 8L << 30;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SlugTarWriter tar = new SlugTarWriter(out);
        tar.put(big);
        byte[] headers = out.toByteArray();
        assertEquals(3 * 512, headers.length);
        assertEquals("00000000000 ", field(headers, 2 * 512 + 124, 12));
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(new ByteArrayInputStream(headers), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("./app/big.bin", e.getName());
            assertEquals(8L << 30, e.getSize());
        }
        IOException early = assertThrows(IOException.class, tar::closeEntry);
        assertTrue(early.getMessage().contains("after 0 of the 8589934592 bytes"), early.getMessage());
    }

    @Test
    void moreDataThanTheHeaderNamesIsRefused() throws IOException {
        SlugTarWriter tar = new SlugTarWriter(new ByteArrayOutputStream());
        tar.put(file("a", "ab"));
        byte[] three = {1, 2, 3};
        IOException e = assertThrows(IOException.class, () -> tar.write(three, 0, 3));
        assertTrue(e.getMessage().contains("./app/a"), e.getMessage());
    }

    /** Random entries (ASCII, Unicode, long names, big ids, odd times) read back as written. */
    @Test
    void randomEntriesReadBackWithCommonsCompress() throws IOException {
        Random random = new Random(11);
        String[] pieces = {"a", "node_modules/", "é", "日本", "😀", "-", ".js", "b c"};
        for (int round = 0; round < 50; round++) {
            List<SlugEntry> entries = new ArrayList<>();
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                StringBuilder name = new StringBuilder("n" + i);
                int length = random.nextInt(4) == 0 ? 160 : 20;
                while (name.length() < random.nextInt(length)) {
                    name.append(pieces[random.nextInt(pieces.length)]);
                }
                String rel = name.toString().replaceAll("/+$", "");
                SlugEntry.Kind kind = SlugEntry.Kind.values()[random.nextInt(4)];
                String content = kind == SlugEntry.Kind.FILE ? rel.repeat(random.nextInt(40)) : "";
                SlugEntry e = kind == SlugEntry.Kind.FILE
                        ? file(rel, content)
                        : kind == SlugEntry.Kind.DIR ? entry(kind, rel) : link(kind, rel, rel + "-target");
                e.mode = random.nextInt(010000);
                e.uid = random.nextInt(3) == 0 ? random.nextLong() >>> 20 : random.nextInt(70000);
                e.gid = random.nextInt(3) == 0 ? random.nextLong() >>> 20 : random.nextInt(70000);
                e.user = random.nextBoolean() ? "" : "user-" + random.nextInt(100);
                e.mtime = FileTime.from(Instant.ofEpochSecond(
                        random.nextInt(3) == 0 ? -random.nextInt(1 << 30) : random.nextInt(1 << 30),
                        random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) / 100 * 100 : 0));
                entries.add(e);
                contents.add(content);
            }
            byte[] tar = write(entries, contents);
            assertEquals(0, tar.length % 512);
            // the bytes commons-compress wrote for slugs before: --reproducible checksums stay as they were
            assertArrayEquals(withCommonsCompress(entries, contents), tar, "round " + round);
            try (TarArchiveInputStream in =
                    new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name())) {
                for (int i = 0; i < entries.size(); i++) {
                    SlugEntry want = entries.get(i);
                    TarArchiveEntry got = in.getNextEntry();
                    assertEquals(want.outName(), got.getName());
                    assertEquals(want.mode, got.getMode());
                    assertEquals(want.uid, got.getLongUserId());
                    assertEquals(want.gid, got.getLongGroupId());
                    assertEquals(want.user, got.getUserName());
                    assertEquals(
                            want.mtime.toInstant(), got.getLastModifiedTime().toInstant());
                    switch (want.kind) {
                        case DIR -> assertTrue(got.isDirectory());
                        case FILE -> assertEquals(TarConstants.LF_NORMAL, got.getLinkFlag());
                        case SYMLINK -> assertEquals(want.link, got.getLinkName());
                        case HARDLINK -> assertEquals(SlugEntry.outName(want.link, false), got.getLinkName());
                    }
                    assertEquals(contents.get(i), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                assertNull(in.getNextEntry());
            }
        }
    }

    /** The slug's tar as commons-compress wrote it before SlugTarWriter, with the same settings. */
    private static byte[] withCommonsCompress(List<SlugEntry> entries, List<String> contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (int i = 0; i < entries.size(); i++) {
                SlugEntry e = entries.get(i);
                TarArchiveEntry entry = new TarArchiveEntry(
                        e.outName(),
                        switch (e.kind) {
                            case DIR -> TarConstants.LF_DIR;
                            case FILE -> TarConstants.LF_NORMAL;
                            case SYMLINK -> TarConstants.LF_SYMLINK;
                            case HARDLINK -> TarConstants.LF_LINK;
                        });
                if (e.kind == SlugEntry.Kind.FILE) {
                    entry.setSize(e.size);
                } else if (e.kind == SlugEntry.Kind.SYMLINK) {
                    entry.setLinkName(e.link);
                } else if (e.kind == SlugEntry.Kind.HARDLINK) {
                    entry.setLinkName(SlugEntry.outName(e.link, false));
                }
                entry.setMode(e.mode);
                entry.setUserId(e.uid);
                entry.setGroupId(e.gid);
                entry.setUserName(e.user);
                entry.setGroupName(e.group);
                entry.setLastModifiedTime(e.mtime);
                tar.putArchiveEntry(entry);
                if (e.kind == SlugEntry.Kind.FILE) {
                    tar.write(contents.get(i).getBytes(StandardCharsets.UTF_8));
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return out.toByteArray();
    }

    /** GNU tar lists what was written, PAX names and numbers included. */
    @Test
    void gnuTarListsIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")));
        SlugEntry big = file("ids", "");
        big.uid = 1L << 24; // above ustar's 07777777
        Path file = dir.resolve("t.tar");
        Files.write(
                file,
                write(
                        entry(SlugEntry.Kind.DIR, ""),
                        file("n".repeat(150), "x"),
                        file("héllo-世界.txt", "xy"),
                        big,
                        link(SlugEntry.Kind.SYMLINK, "l", "../" + "t".repeat(120))));
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "-tvf", file.toString())
                .redirectErrorStream(true)
                .start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), listing);
        assertTrue(listing.contains(" ./app/" + "n".repeat(150) + "\n"), listing);
        assertTrue(listing.contains(" ./app/héllo-世界.txt\n"), listing);
        assertTrue(listing.contains(" 16777216/1000 "), listing);
        assertTrue(listing.contains(" ./app/l -> ../" + "t".repeat(120) + "\n"), listing);
        assertEquals(5, listing.lines().count(), listing);
    }
}
