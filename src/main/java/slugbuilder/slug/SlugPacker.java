package slugbuilder.slug;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import slugbuilder.Cleanup;
import slugbuilder.PrivateFiles;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * Re-packs the tar of {@code /app} that the engine's archive endpoint returns
 * ({@code GET /containers/{id}/archive?path=/app}: entries {@code app/}, {@code app/src/...}) into a
 * Heroku slug: a gzip-compressed tar whose entries all sit under {@code ./app/}.
 *
 * <p>What it keeps: modes (executable bits), uid/gid and user/group names, mtimes, directories
 * (empty ones too), symlinks as symlinks with their target unchanged (never followed, they may
 * point anywhere), hard links as hard links (their target renamed to {@code ./app/...}), long
 * and non-ASCII names (PAX headers, UTF-8), files over 8 GiB and big uids (PAX numbers). What
 * it drops: FIFOs, character and block devices and entries of unknown types, each with a
 * warning; extended attributes and access/change times (the dyno has no use for them); what
 * {@code .slugignore} and the {@code .git} rule exclude below the app root.
 *
 * <p>Memory stays flat in the archive's size: one entry at a time is copied through a 64 KiB
 * buffer from one {@link TarArchiveInputStream} to one {@link TarArchiveOutputStream} over
 * {@link ParallelGzipOutputStream} (compressing on every core). The SHA-256 and size of the compressed output are taken
 * as it is written, and packing stops as soon as the output would pass
 * {@link SlugOptions#refuseAbove()}.
 *
 * <p>Reproducible mode must sort the entries, which a single-pass stream cannot do in place:
 * file contents are spooled, in arrival order, into one file in a private (0700) temporary
 * directory under {@code java.io.tmpdir}, which is removed afterwards (also on Ctrl-C); only
 * each entry's metadata (name, mode, size, offset: about 200 bytes) stays in memory, then the
 * entries are written sorted by the UTF-8 bytes of their names, reading the contents back
 * from the spool. The temporary disk space is the uncompressed size of the kept files.
 * Sorting may put a hard link before the file it names, so in each group of names for one
 * file the name that sorts first carries the content and the others link to it.
 *
 * <p>Hard links: the engine writes a file before the links to it, and streaming mode keeps that
 * order. A kept link whose target {@code .slugignore} (or the {@code .git} rule) excludes cannot
 * be packed without the content that was already passed over, so it is refused naming both
 * (BAD_INPUT: exclude both names or neither); a link to a skipped FIFO or device is skipped too.
 *
 * <p>The output is whole or absent: {@link #packToFile} writes next to the target and renames;
 * on any failure or interrupt nothing is left. The gzip header carries no name and mtime 0, so
 * in reproducible mode the same input gives the same bytes (with the same JDK's zlib).
 */
public final class SlugPacker {
    static final String PREFIX = "./app/";
    private static final int BUFFER = 64 * 1024;

    private final SlugOptions options;
    private final Consumer<String> warnings;
    private Path spoolParent; // null: java.io.tmpdir

    public SlugPacker(SlugOptions options, Consumer<String> warnings) {
        this.options = options;
        this.warnings = warnings;
    }

    /** Where reproducible mode creates its private spool directory instead of java.io.tmpdir (for tests). */
    SlugPacker spoolIn(Path parent) {
        this.spoolParent = parent;
        return this;
    }

    /**
     * Packs into a temporary file next to TARGET (private, 0600) and moves it to TARGET only when
     * the slug is complete; on any failure, and on Ctrl-C, the temporary file is deleted, so no
     * partial slug is ever left at TARGET or next to it.
     */
    public static SlugSummary packToFile(SlugOptions options, Consumer<String> warnings, InputStream tarFromEngine,
                                         Path target) throws IOException {
        return new SlugPacker(options, warnings).packToFile(tarFromEngine, target);
    }

    /** See {@link #packToFile(SlugOptions, Consumer, InputStream, Path)}. */
    public SlugSummary packToFile(InputStream tarFromEngine, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = PrivateFiles.createFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".partial");
        try (Cleanup cleanup = Cleanup.registry()) { // MERGE-TODO: the caller's scope
            cleanup.add("the partial slug " + partial, () -> delete(partial));
            SlugSummary summary;
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                summary = pack(tarFromEngine, out);
            } catch (java.nio.channels.ClosedByInterruptException e) {
                throw interrupted(e); // the file channel closes itself when its thread is interrupted
            }
            checkInterrupted();
            try {
                Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return summary;
        }
    }

    /**
     * Reads the engine's tar of {@code /app} from IN and writes the slug (.tgz) to OUT. Neither
     * stream is closed; OUT is flushed.
     *
     * @throws SlugbuilderException BAD_INPUT when the slug would pass the size limit or a kept
     *         hard link points at an excluded file; ENGINE when an entry lies outside
     *         {@code app/} or the archive is empty; INTERRUPTED when the thread is interrupted
     */
    public SlugSummary pack(InputStream tarFromEngine, OutputStream slugTgz) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tarFromEngine, StandardCharsets.UTF_8.name());
        Output out = new Output(slugTgz);
        try {
            Reader reader = new Reader();
            out.reader = reader;
            if (options.reproducible()) {
                packSorted(in, reader, out);
            } else {
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    checkInterrupted();
                    Incoming kept = reader.accept(entry, in);
                    if (kept != null) {
                        reader.sized(kept);
                        out.put(kept.toEntry());
                        if (kept.kind == Kind.FILE) {
                            copy(in, out, kept.size);
                        }
                        out.closeEntry();
                    }
                }
            }
            if (reader.seen == 0) {
                throw new SlugbuilderException(ExitCode.ENGINE, "the engine's archive of /app holds no entries",
                        "the image has no /app: was it built from the app's Dockerfile?");
            }
            SlugSummary summary = out.finish(reader.skipped, reader.excluded);
            if (summary.compressedBytes() > options.warnAbove()) {
                warnings.accept("the slug is " + human(summary.compressedBytes()) + " compressed, above "
                        + (options.warnAbove() == SlugOptions.HEROKU_SOFT_LIMIT
                        ? "Heroku's soft limit of " + human(options.warnAbove()) + ": dynos boot more slowly"
                        : human(options.warnAbove()))
                        + "; .slugignore can leave out what the dyno does not need");
            }
            return summary;
        } catch (java.nio.channels.ClosedByInterruptException | java.io.InterruptedIOException e) {
            out.abandon();
            throw interrupted(e);
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

    // ---- reading the engine's tar ----

    private enum Kind { DIR, FILE, SYMLINK, HARDLINK }

    /** An entry that goes into the slug, with the metadata it keeps. */
    private static final class Incoming {
        Kind kind;
        String rel;         // relative to /app, "" for /app itself
        String link;        // symlink: the target as is; hard link: the target relative to /app
        long size;
        int mode;
        long uid;
        long gid;
        String user;
        String group;
        FileTime mtime;

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
            TarArchiveEntry entry = switch (kind) {
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

    /** Checks, classifies and filters the engine's entries; counts what it leaves out. */
    private final class Reader {
        final Map<String, String> skippedNames = new HashMap<>(); // rel -> what it was, for hard links to it
        final Map<String, Long> bytesByDirectory = new HashMap<>(); // for the size-limit hint
        int seen;
        int skipped;
        int excluded;

        /** The entry as it goes into the slug, or null when it stays out. */
        Incoming accept(TarArchiveEntry entry, TarArchiveInputStream in) {
            seen++;
            String name = entry.getName();
            String rel = insideApp(name, name);
            boolean isDir = entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink();
            if (excludedBy(rel, isDir) != null) {
                excluded++;
                return null;
            }
            String special = entry.isFIFO() ? "a FIFO"
                    : entry.isCharacterDevice() ? "a character device"
                    : entry.isBlockDevice() ? "a block device"
                    : null;
            Incoming kept = new Incoming();
            kept.rel = rel;
            if (entry.isSymbolicLink()) {
                kept.kind = Kind.SYMLINK;
                kept.link = entry.getLinkName();
            } else if (entry.isLink()) {
                String target = insideApp(entry.getLinkName(), name);
                if (target.isEmpty() || target.equals(rel)) {
                    throw outside(name, "a hard link to " + (target.isEmpty() ? "/app itself" : "itself"));
                }
                String what = skippedNames.get(target);
                if (what != null) {
                    skip(rel, name, "a hard link to " + what);
                    return null;
                }
                String why = excludedBy(target, false);
                if (why != null) {
                    throw new SlugbuilderException(ExitCode.BAD_INPUT,
                            "/" + stripSlash(name) + " is a hard link to /" + stripSlash(entry.getLinkName()) + ", which " + why
                                    + " leaves out of the slug",
                            "a slug can only link to a file it carries: leave out both names or neither");
                }
                kept.kind = Kind.HARDLINK;
                kept.link = target;
            } else if (special != null) {
                skip(rel, name, special);
                return null;
            } else if (isDir) {
                kept.kind = Kind.DIR;
            } else if (isRegular(entry)) {
                if (!in.canReadEntryData(entry)) {
                    throw new SlugbuilderException(ExitCode.ENGINE,
                            "the engine's archive of /app holds an entry that cannot be read: " + name,
                            "it is stored in a tar format this reader does not support (a sparse file?)");
                }
                kept.kind = Kind.FILE;
                kept.size = entry.isSparse() ? entry.getRealSize() : entry.getSize();
            } else {
                skip(rel, name, "an entry of unknown type '" + (char) entry.getLinkFlag() + "'");
                return null;
            }
            kept.mode = entry.getMode();
            kept.uid = entry.getLongUserId();
            kept.gid = entry.getLongGroupId();
            kept.user = entry.getUserName() == null ? "" : entry.getUserName();
            kept.group = entry.getGroupName() == null ? "" : entry.getGroupName();
            kept.mtime = entry.getLastModifiedTime();
            return kept;
        }

        private void skip(String rel, String name, String what) {
            skipped++;
            skippedNames.put(rel, what);
            warnings.accept("skipped " + what + ": " + stripSlash(name));
        }

        /** Adds a kept file's size to its top directory, for the hint of the size-limit error. */
        void sized(Incoming kept) {
            if (kept.kind != Kind.FILE || kept.size == 0) {
                return;
            }
            String rel = kept.rel;
            String root = options.appRoot();
            int skip = !root.isEmpty() && rel.startsWith(root + "/") ? root.length() + 1 : 0;
            int slash = rel.indexOf('/', skip);
            if (slash > 0 && (bytesByDirectory.size() < 10_000 || bytesByDirectory.containsKey(rel.substring(0, slash)))) {
                bytesByDirectory.merge(rel.substring(0, slash), kept.size, Long::sum);
            }
        }

        String largestDirectories() {
            return bytesByDirectory.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(3)
                    .map(e -> "/app/" + e.getKey() + " " + human(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * What leaves PATH (relative to /app) out of the slug: "the .git rule", ".slugignore:3: /tmp",
     * or null when it stays. Only paths below the app root can be excluded.
     */
    private String excludedBy(String rel, boolean isDirectory) {
        String root = options.appRoot();
        String inRoot;
        if (root.isEmpty()) {
            inRoot = rel;
        } else if (rel.startsWith(root + "/")) {
            inRoot = rel.substring(root.length() + 1);
        } else {
            return null;
        }
        if (inRoot.isEmpty()) {
            return null;
        }
        if (inRoot.equals(".git") || inRoot.startsWith(".git/")) {
            return "the .git rule";
        }
        return options.ignore().matchingPattern(inRoot, isDirectory).orElse(null);
    }

    private static boolean isRegular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG
                || entry.isSparse();
    }

    /**
     * NAME (an entry's name or a hard link's target) relative to /app, normalized ("" for
     * /app itself), or an error when it lies outside.
     *
     * <p>ExitCode.ENGINE, not BAD_INPUT: the entries come from the engine's walk of the
     * container's /app, which produces names below {@code app/} whatever the app's files are
     * (a symlink is stored as a symlink, a hard link only to a file met earlier in the same
     * walk). A name outside means the engine's answer is corrupt or hostile; nothing in the
     * app's files could fix it.
     */
    private static String insideApp(String name, String entryName) {
        if (name.startsWith("/")) {
            throw outside(entryName, "an absolute name: " + name);
        }
        if (!name.equals("app") && !name.startsWith("app/")) {
            throw outside(entryName, "a name outside app/: " + name);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.substring(3).split("/")) {
            if (segment.equals("..")) {
                throw outside(entryName, "a name with a '..' segment: " + name);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    private static SlugbuilderException outside(String entryName, String problem) {
        return new SlugbuilderException(ExitCode.ENGINE,
                "the engine's archive of /app has an entry that would land outside /app: \"" + entryName + "\" (" + problem + ")",
                "a Docker engine never sends this for a container's /app; check that DOCKER_HOST points at an engine you trust");
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    // ---- reproducible mode ----

    /** A kept entry of reproducible mode: its metadata in memory, its content in the spool. */
    private static final class Spooled {
        final Incoming entry;
        final byte[] sortKey;
        long offset;

        Spooled(Incoming entry) {
            this.entry = entry;
            this.sortKey = entry.outName().getBytes(StandardCharsets.UTF_8);
        }
    }

    private void packSorted(TarArchiveInputStream in, Reader reader, Output out) throws IOException {
        Path dir = PrivateFiles.createDirectory(spoolParent, "slugbuilder-slug-");
        try (Cleanup cleanup = Cleanup.registry()) { // MERGE-TODO: the caller's scope
            cleanup.add("the temporary directory " + dir, () -> PrivateFiles.deleteTree(dir));
            Path spool = dir.resolve("contents");
            List<Spooled> entries = new ArrayList<>();
            List<Spooled> hardLinks = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(spool, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                byte[] buffer = new byte[BUFFER];
                long offset = 0;
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    checkInterrupted();
                    Incoming kept = reader.accept(entry, in);
                    if (kept == null) {
                        continue;
                    }
                    Spooled spooled = new Spooled(kept);
                    if (kept.kind == Kind.FILE) {
                        spooled.offset = offset;
                        long copied = 0;
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                            while (bytes.hasRemaining()) {
                                channel.write(bytes);
                            }
                            copied += n;
                            checkInterrupted();
                        }
                        if (copied != kept.size) {
                            throw new IOException("truncated entry in the engine's archive: " + entry.getName());
                        }
                        offset += copied;
                    } else if (kept.kind == Kind.HARDLINK) {
                        hardLinks.add(spooled);
                    }
                    entries.add(spooled);
                    reader.sized(kept);
                }
                relinkHardLinks(entries, hardLinks);
                entries.sort(Comparator.comparing((Spooled s) -> s.sortKey, Arrays::compareUnsigned));
                FileTime mtime = FileTime.from(options.effectiveFixedMtime());
                for (Spooled spooled : entries) {
                    checkInterrupted();
                    Incoming kept = spooled.entry;
                    kept.uid = 0;
                    kept.gid = 0;
                    kept.user = "";
                    kept.group = "";
                    kept.mtime = mtime;
                    out.put(kept.toEntry());
                    if (kept.kind == Kind.FILE) {
                        long position = spooled.offset;
                        long end = position + kept.size;
                        while (position < end) {
                            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, end - position));
                            int n = channel.read(bytes, position);
                            if (n < 0) {
                                throw new IOException("the spool file " + spool + " is shorter than expected");
                            }
                            out.write(buffer, 0, n);
                            position += n;
                        }
                    }
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Sorting may put a hard link before the file it names, and tar extracts a link only to a
     * file it has already extracted. So in each group of names for one file (the file and the
     * links to it), the name that sorts first carries the content and the others link to it.
     */
    private static void relinkHardLinks(List<Spooled> entries, List<Spooled> hardLinks) {
        if (hardLinks.isEmpty()) {
            return;
        }
        Map<String, Spooled> byName = new HashMap<>();
        for (Spooled s : entries) {
            if (s.entry.kind != Kind.DIR) {
                byName.put(s.entry.rel, s);
            }
        }
        Map<Spooled, List<Spooled>> groups = new LinkedHashMap<>();
        for (Spooled link : hardLinks) {
            Spooled target = link;
            for (int hops = 0; target.entry.kind == Kind.HARDLINK; hops++) {
                Spooled next = byName.get(target.entry.link);
                if (next == null || hops > hardLinks.size()) {
                    throw new SlugbuilderException(ExitCode.ENGINE,
                            "the engine's archive of /app has a hard link to a file it does not hold: /app/" + link.entry.rel
                                    + " -> /app/" + target.entry.link, null);
                }
                target = next;
            }
            groups.computeIfAbsent(target, t -> new ArrayList<>()).add(link);
        }
        for (Map.Entry<Spooled, List<Spooled>> group : groups.entrySet()) {
            Spooled file = group.getKey();
            List<Spooled> members = new ArrayList<>(group.getValue());
            members.add(file);
            Spooled leader = file;
            for (Spooled member : members) {
                if (Arrays.compareUnsigned(member.sortKey, leader.sortKey) < 0) {
                    leader = member;
                }
            }
            if (leader != file) {
                // the content (a file's bytes or a symlink's target) moves to the first name
                leader.entry.kind = file.entry.kind;
                leader.entry.link = file.entry.link;
                leader.entry.size = file.entry.size;
                leader.entry.mode = file.entry.mode;
                leader.offset = file.offset;
            }
            for (Spooled member : members) {
                if (member != leader) {
                    member.entry.kind = Kind.HARDLINK;
                    member.entry.link = leader.entry.rel;
                    member.entry.size = 0;
                    member.entry.mode = leader.entry.mode;
                }
            }
        }
    }

    // ---- writing the slug ----

    private static void copy(InputStream in, Output out, long size) throws IOException {
        byte[] buffer = out.buffer;
        long copied = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            copied += n;
            checkInterrupted();
        }
        if (copied != size) {
            throw new IOException("truncated entry in the engine's archive: " + copied + " of " + size + " bytes");
        }
    }

    /** tar -> (count) -> gzip -> (count, SHA-256, size limit) -> the caller's stream. */
    private final class Output {
        final byte[] buffer = new byte[BUFFER];
        final CompressedSink sink;
        final ParallelGzipOutputStream gzip;
        final CountingStream uncompressed;
        final TarArchiveOutputStream tar;
        Reader reader;
        int entries;

        Output(OutputStream target) throws IOException {
            sink = new CompressedSink(new BufferedOutputStream(target, BUFFER), options.refuseAbove(), this::tooLarge);
            // no time and no file name in the header, blocks independent of thread timing: the same bytes every time
            gzip = new ParallelGzipOutputStream(sink, options.level());
            uncompressed = new CountingStream(gzip);
            tar = new TarArchiveOutputStream(uncompressed, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
        }

        void put(TarArchiveEntry entry) throws IOException {
            tar.putArchiveEntry(entry);
            entries++;
        }

        void write(byte[] bytes, int off, int len) throws IOException {
            tar.write(bytes, off, len);
        }

        void closeEntry() throws IOException {
            tar.closeArchiveEntry();
        }

        SlugSummary finish(int skipped, int excluded) throws IOException {
            tar.finish();
            gzip.finish(); // here, not inside tar.close(), which would wrap the size limit's error
            tar.close(); // closes the gzip stream, flushes the sink; the caller's stream stays open
            return new SlugSummary(HexFormat.of().formatHex(sink.sha256.digest()), sink.count, uncompressed.count,
                    entries, skipped, excluded);
        }

        /** After a failure: drops whatever is still buffered and frees the compressor. */
        void abandon() {
            sink.discard = true;
            try {
                tar.close();
            } catch (IOException | RuntimeException ignored) {
                // the first failure is the one reported
            }
        }

        private SlugbuilderException tooLarge() {
            String limit = human(options.refuseAbove());
            String largest = reader == null ? "" : reader.largestDirectories();
            return new SlugbuilderException(ExitCode.BAD_INPUT,
                    "the slug is larger than " + limit + (options.refuseAbove() == SlugOptions.HEROKU_HARD_LIMIT
                            ? ", Heroku's limit" : ", the limit"),
                    "list what the dyno does not need (tests, docs, caches, build tools) in the app's .slugignore"
                            + (largest.isEmpty() ? "" : "; the largest directories so far (uncompressed): " + largest));
        }
    }

    /** Counts, hashes and limits the compressed bytes; never closes the caller's stream. */
    private static final class CompressedSink extends OutputStream {
        final OutputStream target;
        final MessageDigest sha256;
        final long limit;
        final Supplier<SlugbuilderException> tooLarge;
        long count;
        boolean discard;

        CompressedSink(OutputStream target, long limit, Supplier<SlugbuilderException> tooLarge) {
            this.target = target;
            this.limit = limit;
            this.tooLarge = tooLarge;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (discard) {
                return;
            }
            if (count + len > limit) {
                discard = true; // stop at once: not one byte past the limit reaches the target
                throw tooLarge.get();
            }
            count += len;
            sha256.update(b, off, len);
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!discard) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    // ---- helpers ----

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(null);
        }
    }

    private static SlugbuilderException interrupted(Throwable cause) {
        return new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted while packing the slug", null, cause);
    }

    /** 512 bytes, 12 KB, 1.5 MB, 500 MB (1 KB = 1024 bytes, 1 MB = 1024 KB). */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes >= SlugOptions.MB ? (double) bytes / SlugOptions.MB : bytes / 1024.0;
        String unit = bytes >= SlugOptions.MB ? " MB" : " KB";
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value)) + unit;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
