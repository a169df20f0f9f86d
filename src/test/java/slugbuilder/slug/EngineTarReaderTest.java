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
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTarReaderTest {

    /** What one entry says, as both readers see it. */
    private record Seen(
            String name,
            String link,
            int type,
            int mode,
            long uid,
            long gid,
            String user,
            String group,
            long size,
            Instant mtime,
            String data) {}

    private static List<Seen> readOurs(byte[] tar) throws IOException {
        List<Seen> seen = new ArrayList<>();
        EngineTarReader in = new EngineTarReader(new ByteArrayInputStream(tar));
        EngineEntry e;
        while ((e = in.next()) != null) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] buffer = new byte[7]; // small, to cross block edges
            int n;
            while ((n = in.read(buffer)) > 0) {
                data.write(buffer, 0, n);
            }
            seen.add(new Seen(
                    e.name,
                    e.linkName,
                    e.type,
                    e.mode,
                    e.uid,
                    e.gid,
                    e.user,
                    e.group,
                    e.size,
                    e.mtime.toInstant(),
                    data.toString(StandardCharsets.UTF_8)));
        }
        return seen;
    }

    private static List<Seen> readCommons(byte[] tar) throws IOException {
        List<Seen> seen = new ArrayList<>();
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                seen.add(new Seen(
                        e.getName(),
                        e.getLinkName(),
                        e.getLinkFlag(),
                        e.getMode(),
                        e.getLongUserId(),
                        e.getLongGroupId(),
                        e.getUserName(),
                        e.getGroupName(),
                        e.getSize(),
                        e.getLastModifiedTime().toInstant(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return seen;
    }

    private static byte[] gnuTar(Path dir, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("tar", "-C", dir.toString(), "-cf", "-"));
        command.addAll(Arrays.asList(options));
        command.add("app");
        Process tar = new ProcessBuilder(command).start();
        byte[] bytes = tar.getInputStream().readAllBytes();
        String errors = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), errors);
        return bytes;
    }

    /** ustar's prefix field, GNU's 'L'/'K' names and base-256 numbers, PAX records and a global header. */
    @Test
    void readsWhatGnuTarWritesAsCommonsCompressDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")));
        Path deep = Files.createDirectories(dir.resolve("app/" + "d".repeat(60) + "/" + "e".repeat(60)));
        Files.writeString(deep.resolve("f".repeat(60)), "deep content");
        Files.createDirectories(dir.resolve("app/empty"));
        Files.writeString(dir.resolve("app/run.sh"), "#!/bin/sh\n".repeat(100));
        Files.createLink(dir.resolve("app/hard"), dir.resolve("app/run.sh"));
        Files.createSymbolicLink(dir.resolve("app/short-link"), Path.of("run.sh"));
        byte[] ustar = gnuTar(dir, "--format=ustar");
        Files.writeString(dir.resolve("app/héllo-世界.txt"), "unicode");
        Files.createSymbolicLink(dir.resolve("app/long-link"), Path.of("../" + "t".repeat(120)));
        byte[] gnu = gnuTar(dir, "--format=gnu", "--owner=bob:16777216", "--group=staff:5");
        byte[] pax = gnuTar(dir, "--format=pax", "--owner=bob:16777216", "--pax-option=comment=global");
        for (byte[] tar : List.of(ustar, gnu, pax)) {
            List<Seen> ours = readOurs(tar);
            assertEquals(readCommons(tar), ours);
            assertTrue(
                    ours.stream()
                            .anyMatch(s -> s.name().endsWith("/" + "f".repeat(60))
                                    && s.data().equals("deep content")),
                    ours.toString());
        }
        assertTrue(readOurs(gnu).stream().anyMatch(s -> s.uid() == 16777216 && s.gid() == 5));
        assertTrue(readOurs(pax).stream().anyMatch(s -> s.link().equals("../" + "t".repeat(120))));
        assertTrue(readOurs(pax).stream().anyMatch(s -> s.name().equals("app/héllo-世界.txt")));
    }

    @Test
    void readsWhatTheSlugWriterWrites() throws IOException {
        SlugEntry e = new SlugEntry();
        e.kind = SlugEntry.Kind.FILE;
        e.rel = "x".repeat(120) + "/é";
        e.size = 3;
        e.mode = 0755;
        e.uid = 1L << 30;
        e.gid = 7;
        e.user = "u";
        e.group = "g";
        e.mtime = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SlugTarWriter writer = new SlugTarWriter(out);
        writer.put(e);
        writer.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        writer.closeEntry();
        writer.finish();
        List<Seen> ours = readOurs(out.toByteArray());
        assertEquals(readCommons(out.toByteArray()), ours);
        assertEquals(
                new Seen(e.outName(), "", '0', 0755, 1L << 30, 7, "u", "g", 3, e.mtime.toInstant(), "abc"),
                ours.get(0));
    }

    private static byte[] sample() throws IOException {
        return new EngineTar().dir("app/").file("app/a.txt", "x".repeat(700)).bytes();
    }

    @Test
    void aDamagedHeaderIsRefused() throws IOException {
        byte[] tar = sample();
        tar[512 + 3] ^= 1; // the second header's name, checksum unchanged
        EngineTarReader in = new EngineTarReader(new ByteArrayInputStream(tar));
        in.next();
        TruncatedArchiveException e = assertThrows(TruncatedArchiveException.class, in::next);
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void anArchiveCutInsideAnEntryIsTruncated() throws IOException {
        byte[] tar = sample();
        for (int cut : new int[] {512 + 100, 1024 + 300, 1024 + 800}) { // a header, the data, its padding
            EngineTarReader in = new EngineTarReader(new ByteArrayInputStream(Arrays.copyOf(tar, cut)));
            assertThrows(TruncatedArchiveException.class, () -> {
                EngineEntry e;
                while ((e = in.next()) != null) {
                    byte[] buffer = new byte[4096];
                    while (in.read(buffer) > 0) {
                        // read it all
                    }
                    assertTrue(e.size >= 0);
                }
            });
        }
        // cut between entries: the archive simply ends there
        EngineTarReader in = new EngineTarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512)));
        assertEquals("app/", in.next().name);
        assertNull(in.next());
        assertNull(new EngineTarReader(new ByteArrayInputStream(new byte[0])).next());
    }

    @Test
    void unreadDataIsSkipped() throws IOException {
        byte[] tar = new EngineTar()
                .file("app/a", "a".repeat(5000))
                .file("app/b", "b")
                .bytes();
        EngineTarReader in = new EngineTarReader(new ByteArrayInputStream(tar));
        List<String> names = new ArrayList<>();
        EngineEntry e;
        while ((e = in.next()) != null) {
            names.add(e.name);
        }
        assertArrayEquals(new String[] {"app/a", "app/b"}, names.toArray());
    }
}
