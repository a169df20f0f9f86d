package slugbuilder.slug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.Sizes;
import slugbuilder.SlugbuilderException;

class SlugPackerTest {
    private final List<String> warnings = new ArrayList<>();
    private SlugSummary summary;

    private byte[] pack(SlugOptions options, EngineTar tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        summary = new SlugPacker(options, warnings::add, Cleanup.registry()).pack(tar.stream(), out);
        return out.toByteArray();
    }

    private Map<String, EngineTar.Entry> packAndRead(SlugOptions options, EngineTar tar) throws IOException {
        return EngineTar.read(pack(options, tar));
    }

    private static SlugOptions ignoring(String slugignore) {
        return SlugOptions.defaults().withIgnore(SlugIgnore.parse(slugignore));
    }

    // ---- layout and metadata ----

    @Test
    void everyEntrySitsUnderDotSlashApp() throws IOException {
        List<EngineTar.Entry> entries = EngineTar.readList(pack(
                SlugOptions.defaults(),
                EngineTar.app()
                        .file("app/src/index.js", "require('http')")
                        .dir("app/src/lib/")
                        .file("app/src/lib/a.js", "a")));
        assertEquals("./app/", entries.get(0).name());
        assertEquals(
                List.of(
                        "./app/",
                        "./app/.profile.d/",
                        "./app/.profile.d/node.sh",
                        "./app/src/",
                        "./app/src/index.js",
                        "./app/src/lib/",
                        "./app/src/lib/a.js"),
                entries.stream().map(EngineTar.Entry::name).toList());
        assertEquals("require('http')", entries.get(4).text());
        assertEquals(7, summary.entries());
        assertEquals(0, summary.skipped());
        assertEquals(0, summary.excluded());
        assertEquals(List.of(), warnings);
    }

    @Test
    void keepsModesOwnersAndMtimes() throws IOException {
        Instant when = Instant.parse("2023-01-02T03:04:05Z");
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .mtime(when)
                        .owner(1234, 5678, "dev")
                        .file("app/src/run.sh", 0755, "#!/bin/sh\n")
                        .file("app/src/secret", 0600, "x")
                        .dir("app/src/private/", 0700)
                        .file("app/src/setuid", 04755, "x"));
        assertEquals(0755, slug.get("./app/src/run.sh").mode() & 07777);
        assertEquals(0600, slug.get("./app/src/secret").mode() & 07777);
        assertEquals(0700, slug.get("./app/src/private/").mode() & 07777);
        assertEquals(04755, slug.get("./app/src/setuid").mode() & 07777);
        EngineTar.Entry run = slug.get("./app/src/run.sh");
        assertEquals(1234, run.uid());
        assertEquals(5678, run.gid());
        assertEquals("dev", run.user());
        assertEquals(when, run.mtime());
    }

    @Test
    void symlinksStayLinksWithTheirTargetUnchanged() throws IOException {
        String longTarget = "../".repeat(3) + "x".repeat(120) + "/target";
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .symlink("app/src/node", "/app/.heroku/node/bin/node")
                        .symlink("app/src/etc", "../../../../etc")
                        .symlink("app/src/long", longTarget)
                        .symlink("app/src/dangling", "does-not-exist"));
        assertEquals(TarConstants.LF_SYMLINK, slug.get("./app/src/node").type());
        assertEquals("/app/.heroku/node/bin/node", slug.get("./app/src/node").link());
        assertEquals(
                "../../../../etc",
                slug.get("./app/src/etc").link(),
                "symlinks may point anywhere: they are not followed");
        assertEquals(longTarget, slug.get("./app/src/long").link());
        assertEquals("does-not-exist", slug.get("./app/src/dangling").link());
    }

    @Test
    void hardLinksStayLinksToTheRenamedTarget() throws IOException {
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .dir("app/src/node_modules/")
                        .file("app/src/node_modules/a.js", "shared")
                        .hardlink("app/src/node_modules/b.js", "app/src/node_modules/a.js")
                        .hardlink("app/.heroku-copy", "app/src/node_modules/a.js"));
        EngineTar.Entry link = slug.get("./app/src/node_modules/b.js");
        assertEquals(TarConstants.LF_LINK, link.type());
        assertEquals("./app/src/node_modules/a.js", link.link());
        assertEquals(0, link.content().length);
        assertEquals(
                "./app/src/node_modules/a.js", slug.get("./app/.heroku-copy").link());
    }

    @Test
    void longNamesEmptyDirectoriesUnicodeAndBigIds() throws IOException {
        String longName = "app/src/" + "d".repeat(60) + "/" + "f".repeat(77) + ".txt";
        assertEquals(150, longName.length());
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .file(longName, "long")
                        .dir("app/src/empty/")
                        .file("app/src/héllo-世界.txt", "unicode")
                        .owner(3_000_000_000L, 4_000_000L, "big")
                        .file("app/src/bigids", "x"));
        EngineTar.Entry longEntry = slug.get("./" + longName);
        assertEquals("long", longEntry.text());
        assertEquals(TarConstants.LF_DIR, slug.get("./app/src/empty/").type());
        assertEquals("unicode", slug.get("./app/src/héllo-世界.txt").text());
        assertEquals(3_000_000_000L, slug.get("./app/src/bigids").uid());
        assertEquals(4_000_000L, slug.get("./app/src/bigids").gid());
    }

    // ---- what stays out ----

    @Test
    void gitIsExcludedAtTheAppRootOnly() throws IOException {
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .dir("app/src/.git/")
                        .file("app/src/.git/HEAD", "ref: refs/heads/main")
                        .dir("app/src/.git/objects/")
                        .file("app/src/.gitignore", "node_modules")
                        .dir("app/src/lib/")
                        .dir("app/src/lib/.git/")
                        .file("app/src/lib/.git/HEAD", "nested")
                        .dir("app/.heroku/")
                        .dir("app/.heroku/.git/")
                        .file("app/.heroku/.git/config", "outside the app root"));
        assertFalse(
                slug.keySet().stream().anyMatch(n -> n.startsWith("./app/src/.git/")),
                slug.keySet().toString());
        assertTrue(slug.containsKey("./app/src/.gitignore"));
        assertEquals("nested", slug.get("./app/src/lib/.git/HEAD").text(), "a nested .git goes only through patterns");
        assertTrue(slug.containsKey("./app/.heroku/.git/config"));
        assertEquals(3, summary.excluded());

        Map<String, EngineTar.Entry> withPattern = packAndRead(
                ignoring(".git"),
                EngineTar.app().dir("app/src/lib/").dir("app/src/lib/.git/").file("app/src/lib/.git/HEAD", "nested"));
        assertFalse(withPattern.containsKey("./app/src/lib/.git/HEAD"));
        assertTrue(withPattern.containsKey("./app/src/lib/"));
    }

    @Test
    void slugignoreRulesApplyBelowTheAppRoot() throws IOException {
        String slugignore = """
                # the peers' bug cases
                /tmp
                logs/
                *.log
                docs/**/*.md
                **/node_modules
                a/**/b
                test?.js
                [Rr]eadme*
                # (case matters: README.md stays)
                """;
        EngineTar tar = EngineTar.app()
                .dir("app/src/tmp/")
                .file("app/src/tmp/cache.bin", "x")
                .dir("app/src/lib/")
                .dir("app/src/lib/tmp/")
                .file("app/src/lib/tmp/keep.js", "x")
                .dir("app/src/logs/")
                .file("app/src/logs/today.txt", "x")
                .file("app/src/lib/logs", "a file, not a directory")
                .file("app/src/server.log", "x")
                .file("app/src/lib/deep.log", "x")
                .file("app/src/server.js", "x")
                .dir("app/src/docs/")
                .file("app/src/docs/a.md", "x")
                .dir("app/src/docs/guide/")
                .file("app/src/docs/guide/b.md", "x")
                .file("app/src/docs/guide/c.txt", "x")
                .dir("app/src/web/")
                .dir("app/src/web/node_modules/")
                .file("app/src/web/node_modules/x.js", "x")
                .dir("app/src/a/")
                .dir("app/src/a/x/")
                .dir("app/src/a/x/b/")
                .file("app/src/a/x/b/f", "x")
                .file("app/src/a/bb", "x")
                .file("app/src/test1.js", "x")
                .file("app/src/test10.js", "x")
                .file("app/src/README.md", "x")
                .file("app/src/readme.txt", "x")
                .dir("app/.heroku/")
                .dir("app/.heroku/node/")
                .file("app/.heroku/node/npm-debug.log", "outside the app root")
                .dir("app/tmp/")
                .file("app/tmp/x", "outside the app root");
        Map<String, EngineTar.Entry> slug = packAndRead(ignoring(slugignore), tar);
        List<String> expected = List.of(
                "./app/",
                "./app/.profile.d/",
                "./app/.profile.d/node.sh",
                "./app/src/",
                "./app/src/lib/",
                "./app/src/lib/tmp/",
                "./app/src/lib/tmp/keep.js",
                "./app/src/lib/logs",
                "./app/src/server.js",
                "./app/src/docs/",
                "./app/src/docs/guide/",
                "./app/src/docs/guide/c.txt",
                "./app/src/web/",
                "./app/src/a/",
                "./app/src/a/x/",
                "./app/src/a/bb",
                "./app/src/test10.js",
                "./app/src/README.md",
                "./app/.heroku/",
                "./app/.heroku/node/",
                "./app/.heroku/node/npm-debug.log",
                "./app/tmp/",
                "./app/tmp/x");
        assertEquals(expected, List.copyOf(slug.keySet()));
        assertEquals(14, summary.excluded());
    }

    @Test
    void anotherAppRootMovesWhereTheRulesApply() throws IOException {
        EngineTar tar = EngineTar.app()
                .dir("app/tmp/")
                .file("app/tmp/x", "x")
                .file("app/src/tmp", "x")
                .dir("app/.git/")
                .file("app/.git/HEAD", "x");
        Map<String, EngineTar.Entry> whole = packAndRead(ignoring("/tmp").withAppRoot(""), tar);
        assertFalse(whole.containsKey("./app/tmp/x"));
        assertFalse(whole.containsKey("./app/.git/HEAD"));
        assertTrue(whole.containsKey("./app/src/tmp"));
        assertTrue(whole.containsKey("./app/"));
    }

    @Test
    void fifosAndDevicesAreSkippedWithAWarning() throws IOException {
        Map<String, EngineTar.Entry> slug = packAndRead(
                SlugOptions.defaults(),
                EngineTar.app()
                        .dir("app/src/tmp/")
                        .special("app/src/tmp/pipe", TarConstants.LF_FIFO)
                        .special("app/src/null", TarConstants.LF_CHR)
                        .special("app/src/sda", TarConstants.LF_BLK)
                        .hardlink("app/src/pipe2", "app/src/tmp/pipe")
                        .file("app/src/ok", "x"));
        assertEquals(
                List.of(
                        "./app/",
                        "./app/.profile.d/",
                        "./app/.profile.d/node.sh",
                        "./app/src/",
                        "./app/src/tmp/",
                        "./app/src/ok"),
                List.copyOf(slug.keySet()));
        assertEquals(
                List.of(
                        "skipped a FIFO: app/src/tmp/pipe",
                        "skipped a character device: app/src/null",
                        "skipped a block device: app/src/sda",
                        "skipped a hard link to a FIFO: app/src/pipe2"),
                warnings);
        assertEquals(4, summary.skipped());
    }

    @Test
    void anExcludedFifoIsNotWarnedAbout() throws IOException {
        packAndRead(
                ignoring("/tmp"),
                EngineTar.app().dir("app/src/tmp/").special("app/src/tmp/pipe", TarConstants.LF_FIFO));
        assertEquals(List.of(), warnings);
        assertEquals(2, summary.excluded());
    }

    // ---- what is refused ----

    @Test
    void pathTraversalIsRefusedNamingTheEntry() {
        for (EngineTar tar : List.of(
                EngineTar.app().file("app/../etc/passwd", "x"),
                EngineTar.app().file("app/src/../../etc/cron.d/x", "x"),
                EngineTar.app().hardlink("app/src/shadow", "app/../etc/shadow"),
                EngineTar.app().hardlink("app/src/shadow", "etc/shadow"),
                EngineTar.app().file("etc/passwd", "x"),
                EngineTar.app().file("application/x", "x"))) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pack(SlugOptions.defaults(), tar));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertTrue(e.getMessage().contains("outside /app"), e.getMessage());
        }
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> pack(SlugOptions.defaults(), EngineTar.app().file("app/src/../../etc/passwd", "x")));
        assertTrue(e.getMessage().contains("\"app/src/../../etc/passwd\""), e.getMessage());
    }

    @Test
    void anAbsoluteNameIsRefused() throws IOException {
        // Commons Compress drops a leading slash when it writes, so the raw header is made by hand
        byte[] tar = EngineTar.app().file("app/src/zz-placeholder", "x").bytes();
        byte[] name = "app/src/zz-placeholder".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(tar, name);
        byte[] absolute = "/etc/zz-placeholder/xx".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(absolute, 0, tar, at, absolute.length);
        fixChecksum(tar, at);
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                        SlugOptions.defaults(), warnings::add, Cleanup.registry())
                .pack(new ByteArrayInputStream(tar), new ByteArrayOutputStream()));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
    }

    @Test
    void anEmptyArchiveIsRefused() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                        SlugOptions.defaults(), warnings::add, Cleanup.registry())
                .pack(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
    }

    @Test
    void aKeptHardLinkToAnExcludedFileIsRefused() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> pack(
                        ignoring("*.bak"),
                        EngineTar.app()
                                .file("app/src/data.bak", "x")
                                .hardlink("app/src/data.json", "app/src/data.bak")));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(
                e.getMessage()
                        .contains("/app/src/data.json is a hard link to /app/src/data.bak, which .slugignore:1: *.bak"),
                e.getMessage());
        assertTrue(e.hint().contains("both names or neither"), e.hint());
    }

    @Test
    void anExcludedHardLinkIsSimplyLeftOut() throws IOException {
        Map<String, EngineTar.Entry> slug = packAndRead(
                ignoring("*.bak"),
                EngineTar.app().file("app/src/data.json", "x").hardlink("app/src/data.bak", "app/src/data.json"));
        assertTrue(slug.containsKey("./app/src/data.json"));
        assertFalse(slug.containsKey("./app/src/data.bak"));
    }

    // ---- reproducible mode ----

    private static EngineTar sample(Instant mtime, long uid, String user, boolean reversed) {
        EngineTar tar =
                new EngineTar().mtime(mtime).owner(uid, uid, user).dir("app/").dir("app/src/");
        List<Runnable> steps = new ArrayList<>(List.of(
                () -> tar.file("app/src/b.js", 0644, "b"),
                () -> tar.file("app/src/run.sh", 0755, "#!/bin/sh"),
                () -> tar.symlink("app/src/link", "b.js"),
                () -> tar.dir("app/src/z/")));
        if (reversed) {
            Collections.reverse(steps);
        }
        steps.forEach(Runnable::run);
        tar.file("app/src/z/shared", 0644, "shared").hardlink("app/src/a-link", "app/src/z/shared");
        return tar;
    }

    @Test
    void reproducibleModeGivesTheSameBytesEveryTime() throws IOException {
        SlugOptions reproducible = SlugOptions.defaults().withReproducible(true).withFixedMtime(null);
        byte[] first = pack(reproducible, sample(Instant.parse("2024-01-01T00:00:00Z"), 1000, "app", false));
        String firstSha = summary.sha256();
        byte[] second = pack(reproducible, sample(Instant.parse("2024-01-01T00:00:00Z"), 1000, "app", false));
        assertEquals(firstSha, summary.sha256());
        byte[] other = pack(reproducible, sample(Instant.parse("2025-06-07T08:09:10Z"), 4242, "someone", true));
        assertEquals(firstSha, summary.sha256(), "other mtimes, owners and order give the same slug");
        assertArrayEquals(first, second);
        assertArrayEquals(first, other);

        byte[] plain = pack(SlugOptions.defaults(), sample(Instant.parse("2024-01-01T00:00:00Z"), 1000, "app", false));
        assertNotEquals(firstSha, summary.sha256());

        List<EngineTar.Entry> entries = EngineTar.readList(first);
        List<String> names = entries.stream().map(EngineTar.Entry::name).toList();
        assertEquals(
                List.of(
                        "./app/",
                        "./app/src/",
                        "./app/src/a-link",
                        "./app/src/b.js",
                        "./app/src/link",
                        "./app/src/run.sh",
                        "./app/src/z/",
                        "./app/src/z/shared"),
                names);
        Instant fixed = SlugOptions.fixedMtimeFrom(System.getenv("SOURCE_DATE_EPOCH"));
        for (EngineTar.Entry e : entries) {
            assertEquals(0, e.uid(), e.name());
            assertEquals(0, e.gid(), e.name());
            assertEquals("", e.user(), e.name());
            assertEquals("", e.group(), e.name());
            assertEquals(fixed, e.mtime(), e.name());
        }
        assertEquals(0755, entries.get(5).mode() & 07777, "modes are kept");
        // sorting put the link first: it now carries the content and the file links to it
        assertEquals(TarConstants.LF_NORMAL, entries.get(2).type());
        assertEquals("shared", entries.get(2).text());
        assertEquals(TarConstants.LF_LINK, entries.get(7).type());
        assertEquals("./app/src/a-link", entries.get(7).link());
        // gzip header: no mtime, no file name
        assertEquals(0, first[4] | first[5] | first[6] | first[7]);
        assertEquals(0, first[3] & 0x08, "no FNAME flag");
        assertTrue(plain.length > 0);
    }

    @Test
    void reproducibleModeUsesTheFixedMtime() throws IOException {
        Instant fixed = Instant.ofEpochSecond(1_700_000_000L);
        List<EngineTar.Entry> entries = EngineTar.readList(pack(
                SlugOptions.defaults().withReproducible(true).withFixedMtime(fixed),
                sample(Instant.now(), 1, "x", false)));
        assertTrue(entries.stream().allMatch(e -> e.mtime().equals(fixed)));
        assertEquals(SlugOptions.DEFAULT_FIXED_MTIME, SlugOptions.fixedMtimeFrom(null));
        assertEquals(SlugOptions.DEFAULT_FIXED_MTIME, SlugOptions.fixedMtimeFrom(""));
        assertEquals(fixed, SlugOptions.fixedMtimeFrom("1700000000"));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> SlugOptions.fixedMtimeFrom("yesterday"));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void reproducibleModeSpoolsPrivatelyAndRemovesTheSpool(@TempDir Path tmp) throws IOException {
        List<String> seen = new ArrayList<>();
        byte[] tar =
                sample(Instant.now(), 1, "x", false).file("app/src/late", "x").bytes();
        InputStream watching = new FilterInputStream(new ByteArrayInputStream(tar)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (seen.isEmpty()) {
                    try (Stream<Path> dirs = Files.list(tmp)) {
                        for (Path d : dirs.toList()) {
                            seen.add(d.getFileName().toString().replaceAll("[0-9]+$", "") + " "
                                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
                            seen.add("contents "
                                    + PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(d.resolve("contents"))));
                        }
                    }
                }
                return super.read(b, off, len);
            }
        };
        new SlugPacker(SlugOptions.defaults().withReproducible(true), warnings::add, Cleanup.registry())
                .spoolIn(tmp)
                .pack(watching, new ByteArrayOutputStream());
        assertEquals(List.of("slugbuilder-slug- rwx------", "contents rw-------"), seen);
        assertEquals(Set.of(), names(tmp));

        assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                        SlugOptions.defaults().withReproducible(true), warnings::add, Cleanup.registry())
                .spoolIn(tmp)
                .pack(
                        EngineTar.app().file("app/src/a", "x").file("app/../x", "y").stream(),
                        new ByteArrayOutputStream()));
        assertEquals(Set.of(), names(tmp), "removed after a failure too");
    }

    // ---- size, checksum, files ----

    @Test
    void theReportedChecksumAndSizesAreTheFilesOwn(@TempDir Path dir) throws Exception {
        Path slug = dir.resolve("slug.tgz");
        SlugSummary s = new SlugPacker(SlugOptions.defaults(), warnings::add, Cleanup.registry())
                .packToFile(EngineTar.app().file("app/src/index.js", "console.log(1)").stream(), slug);
        byte[] bytes = Files.readAllBytes(slug);
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), s.sha256());
        assertEquals(bytes.length, s.compressedBytes());
        try (GzipCompressorInputStream gz = new GzipCompressorInputStream(new ByteArrayInputStream(bytes))) {
            assertEquals(gz.readAllBytes().length, s.uncompressedBytes());
        }
        assertEquals(Set.of("slug.tgz"), names(dir), "no temporary file is left next to it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(slug)));
    }

    @Test
    void aSlugOverTheLimitIsRefusedAndNoFileIsLeft(@TempDir Path dir) throws IOException {
        byte[] random = new byte[64_000];
        new Random(42).nextBytes(random);
        Path slug = dir.resolve("slug.tgz");
        SlugOptions small = SlugOptions.defaults().withLimits(512, 1_000);
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                        small, warnings::add, Cleanup.registry())
                .packToFile(
                        EngineTar.app().dir("app/src/assets/").file("app/src/assets/video.bin", 0644, random).stream(),
                        slug));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("the slug is larger than 1 kB, the limit", e.getMessage());
        assertTrue(e.hint().contains(".slugignore"), e.hint());
        assertTrue(e.hint().contains("the largest entries so far (uncompressed): /app/src/assets 64 kB"), e.hint());
        assertEquals(Set.of(), names(dir), "no slug.tgz and no partial file");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(SlugbuilderException.class, () -> new SlugPacker(small, warnings::add, Cleanup.registry())
                .pack(EngineTar.app().file("app/src/video.bin", 0644, random).stream(), out));
        assertTrue(out.size() <= 1_000, "stops before passing the limit: " + out.size());
    }

    @Test
    void theSizeHintCountsFilesAtEveryLevel() {
        byte[] random = new byte[96_000];
        new Random(7).nextBytes(random);
        SlugOptions small = SlugOptions.defaults().withLimits(512, 64_000);
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new SlugPacker(small, warnings::add, Cleanup.registry())
                        .pack(
                                EngineTar.app()
                                        .dir("app/src/assets/")
                                        .file("app/src/assets/a.bin", 0644, Arrays.copyOf(random, 20_000))
                                        .dir("app/src/assets/deep/")
                                        .file("app/src/assets/deep/b.bin", 0644, Arrays.copyOf(random, 20_000))
                                        .file("app/src/index.js", "x".repeat(2000))
                                        .file(
                                                "app/src/video.bin",
                                                0644,
                                                random) // last: the limit is passed in its bytes, once all are counted
                                        .stream(),
                                new ByteArrayOutputStream()));
        // a file directly under /app/src counts as itself, a directory with all it holds; /app/.profile.d is smaller
        assertTrue(
                e.hint()
                        .endsWith(
                                "the largest entries so far (uncompressed): /app/src/video.bin 96 kB, /app/src/assets 40 kB,"
                                        + " /app/src/index.js 2 kB"),
                e.hint());
    }

    @Test
    void anExistingSlugIsReplacedOnlyOnSuccess(@TempDir Path dir) throws IOException {
        Path slug = dir.resolve("slug.tgz");
        Files.writeString(slug, "previous");
        assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                        SlugOptions.defaults(), warnings::add, Cleanup.registry())
                .packToFile(EngineTar.app().file("app/../x", "x").stream(), slug));
        assertEquals("previous", Files.readString(slug));
        assertEquals(Set.of("slug.tgz"), names(dir));
        new SlugPacker(SlugOptions.defaults(), warnings::add, Cleanup.registry())
                .packToFile(EngineTar.app().stream(), slug);
        assertEquals(
                "./app/", EngineTar.readList(Files.readAllBytes(slug)).get(0).name());
    }

    @Test
    void anInterruptStopsPackingAndLeavesNoFile(@TempDir Path dir) {
        Path slug = dir.resolve("slug.tgz");
        Thread.currentThread().interrupt();
        try {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                            SlugOptions.defaults(), warnings::add, Cleanup.registry())
                    .packToFile(EngineTar.app().file("app/src/a", "x").stream(), slug));
            assertEquals(ExitCode.INTERRUPTED, e.exitCode());
        } finally {
            Thread.interrupted();
        }
        assertTrue(names(dir).isEmpty(), names(dir).toString());
    }

    @Test
    void anInterruptInTheMiddleLeavesNoFile(@TempDir Path dir, @TempDir Path spool) throws IOException {
        byte[] random = new byte[512 * 1024];
        new Random(1).nextBytes(random);
        for (boolean reproducible : List.of(false, true)) {
            byte[] tar = EngineTar.app()
                    .file("app/src/a.bin", 0644, random)
                    .file("app/src/b.bin", 0644, random)
                    .bytes();
            InputStream interrupting = new FilterInputStream(new ByteArrayInputStream(tar)) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    read += Math.max(n, 0);
                    if (read > 300 * 1024) {
                        Thread.currentThread().interrupt(); // as Ctrl-C's handler would interrupt the worker
                    }
                    return n;
                }
            };
            Path slug = dir.resolve("slug.tgz");
            try {
                SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new SlugPacker(
                                SlugOptions.defaults().withReproducible(reproducible),
                                warnings::add,
                                Cleanup.registry())
                        .spoolIn(spool)
                        .packToFile(interrupting, slug));
                assertEquals(ExitCode.INTERRUPTED, e.exitCode());
            } finally {
                Thread.interrupted();
            }
            assertEquals(Set.of(), names(dir), "reproducible " + reproducible);
            assertEquals(Set.of(), names(spool), "reproducible " + reproducible);
        }
    }

    @Test
    void aSlugAboveTheSoftLimitIsWarnedAbout() throws IOException {
        pack(SlugOptions.defaults().withLimits(10, SlugOptions.HEROKU_HARD_LIMIT), EngineTar.app());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("the slug is "), warnings.get(0));
        assertTrue(warnings.get(0).contains("above 10 bytes"), warnings.get(0));
        warnings.clear();
        pack(SlugOptions.defaults(), EngineTar.app());
        assertEquals(List.of(), warnings);
    }

    @Test
    void defaultsAreHerokus() {
        SlugOptions d = SlugOptions.defaults();
        assertEquals("src", d.appRoot());
        assertEquals(300_000_000L, d.warnAbove());
        assertEquals(500_000_000L, d.refuseAbove());
        assertFalse(d.reproducible());
        assertNull(d.fixedMtime());
        assertEquals("500 MB", Sizes.human(d.refuseAbove()));
        assertEquals("1.6 MB", Sizes.human(3L * 512 * 1024), "MB is 10^6 bytes, as everywhere slugbuilder prints one");
        assertEquals("12 kB", Sizes.human(12_000));
        assertEquals("src/web", d.withAppRoot("/app/src/web/").appRoot());
        assertThrows(IllegalArgumentException.class, () -> d.withAppRoot("src/../etc"));
    }

    /** The slug unpacks with GNU tar as a dyno would: modes, links and contents in place. */
    @Test
    void gnuTarExtractsIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")));
        for (boolean reproducible : List.of(false, true)) {
            Path slug = dir.resolve("slug-" + reproducible + ".tgz");
            new SlugPacker(SlugOptions.defaults().withReproducible(reproducible), warnings::add, Cleanup.registry())
                    .packToFile(
                            sample(Instant.now(), 1000, "app", false)
                                    .file("app/src/" + "n".repeat(150), 0644, "long".getBytes(StandardCharsets.UTF_8))
                                    .file("app/src/héllo-世界.txt", 0644, "hi".getBytes(StandardCharsets.UTF_8))
                                    .stream(),
                            slug);
            Path out = Files.createDirectories(dir.resolve("x-" + reproducible));
            Process tar = new ProcessBuilder("tar", "--no-same-owner", "-xzf", slug.toString(), "-C", out.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, tar.exitValue(), log);
            Path app = out.resolve("app/src");
            assertEquals("shared", Files.readString(app.resolve("a-link")));
            assertEquals("shared", Files.readString(app.resolve("z/shared")));
            assertEquals(
                    Files.getAttribute(app.resolve("a-link"), "unix:ino"),
                    Files.getAttribute(app.resolve("z/shared"), "unix:ino"));
            assertTrue(Files.isSymbolicLink(app.resolve("link")));
            assertEquals("b.js", Files.readSymbolicLink(app.resolve("link")).toString());
            assertTrue(Files.isExecutable(app.resolve("run.sh")));
            assertEquals("long", Files.readString(app.resolve("n".repeat(150))));
            assertEquals("hi", Files.readString(app.resolve("héllo-世界.txt")));
            assertTrue(Files.isDirectory(app.resolve("z"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    // ---- helpers ----

    private static Set<String> names(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Recomputes the checksum of the 512-byte header that starts at HEADER. */
    private static void fixChecksum(byte[] tar, int header) {
        for (int i = 148; i < 156; i++) {
            tar[header + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[header + i] & 0xff;
        }
        byte[] octal = String.format(Locale.ROOT, "%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, tar, header + 148, 8);
    }
}
