package slugbuilder.slug;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;

/**
 * Reproducible mode: the entries sorted by the UTF-8 bytes of their names, which a single-pass
 * stream cannot do in place. File contents are spooled, in arrival order, into one file in a
 * private (0700) temporary directory, removed afterwards (also on Ctrl-C); only each entry's
 * metadata (name, mode, size, offset: about 200 bytes) stays in memory. Owners are cleared and
 * every mtime is the fixed one.
 */
final class SortedSpool {
    private final SlugOptions options;
    private final Path spoolParent; // null: java.io.tmpdir

    /** A kept entry: its metadata in memory, its content in the spool. */
    private static final class Spooled {
        final SlugEntry entry;
        final byte[] sortKey;
        long offset;

        Spooled(SlugEntry entry) {
            this.entry = entry;
            this.sortKey = entry.outName().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Cleanup cleanup;

    SortedSpool(SlugOptions options, Path spoolParent, Cleanup cleanup) {
        this.options = options;
        this.spoolParent = spoolParent;
        this.cleanup = cleanup;
    }

    void pack(EngineTarReader in, EntryFilter filter, LargestEntries sizes, SlugOutput out) throws IOException {
        Path dir = PrivateFiles.createDirectory(spoolParent, "slugbuilder-slug-");
        try (Cleanup scope = cleanup.scope()) {
            scope.add("the temporary directory " + dir, () -> PrivateFiles.deleteTree(dir));
            Path spool = dir.resolve("contents");
            List<Spooled> entries = new ArrayList<>();
            List<Spooled> hardLinks = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(
                    spool,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                byte[] buffer = out.buffer();
                long offset = 0;
                EngineEntry entry;
                while ((entry = in.next()) != null) {
                    SlugPacker.checkInterrupted();
                    SlugEntry kept = filter.accept(entry);
                    if (kept == null) {
                        continue;
                    }
                    Spooled spooled = new Spooled(kept);
                    if (kept.kind == SlugEntry.Kind.FILE) {
                        spooled.offset = offset;
                        long copied = 0;
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                            while (bytes.hasRemaining()) {
                                channel.write(bytes);
                            }
                            copied += n;
                            SlugPacker.checkInterrupted();
                        }
                        if (copied != kept.size) {
                            throw new TruncatedArchiveException(
                                    "truncated entry in the engine's archive: " + entry.name);
                        }
                        offset += copied;
                    } else if (kept.kind == SlugEntry.Kind.HARDLINK) {
                        hardLinks.add(spooled);
                    }
                    entries.add(spooled);
                    sizes.add(kept);
                }
                relinkHardLinks(entries, hardLinks);
                entries.sort(Comparator.comparing((Spooled s) -> s.sortKey, Arrays::compareUnsigned));
                writeSorted(entries, channel, spool, buffer, out);
            }
        }
    }

    private void writeSorted(List<Spooled> entries, FileChannel channel, Path spool, byte[] buffer, SlugOutput out)
            throws IOException {
        FileTime mtime = FileTime.from(options.effectiveFixedMtime());
        for (Spooled spooled : entries) {
            SlugPacker.checkInterrupted();
            SlugEntry kept = spooled.entry;
            kept.uid = 0;
            kept.gid = 0;
            kept.user = "";
            kept.group = "";
            kept.mtime = mtime;
            out.put(kept);
            if (kept.kind == SlugEntry.Kind.FILE) {
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
            if (s.entry.kind != SlugEntry.Kind.DIR) {
                byName.put(s.entry.rel, s);
            }
        }
        Map<Spooled, List<Spooled>> groups = new LinkedHashMap<>();
        for (Spooled link : hardLinks) {
            Spooled target = link;
            for (int hops = 0; target.entry.kind == SlugEntry.Kind.HARDLINK; hops++) {
                Spooled next = byName.get(target.entry.link);
                if (next == null || hops > hardLinks.size()) {
                    throw new SlugbuilderException(
                            ExitCode.ENGINE,
                            "the engine's archive of /app has a hard link to a file it does not hold: /app/"
                                    + link.entry.rel + " -> /app/" + target.entry.link,
                            null);
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
                    member.entry.kind = SlugEntry.Kind.HARDLINK;
                    member.entry.link = leader.entry.rel;
                    member.entry.size = 0;
                    member.entry.mode = leader.entry.mode;
                }
            }
        }
    }
}
