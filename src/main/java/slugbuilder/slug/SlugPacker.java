package slugbuilder.slug;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.Sizes;
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
 * buffer from one {@link EngineTarReader} to one {@link SlugTarWriter} over
 * {@link ParallelGzipOutputStream} (compressing on every core). The SHA-256 and size of the
 * compressed output are taken as it is written, and packing stops as soon as the output would
 * pass {@link SlugOptions#refuseAbove()} ({@link SlugOutput}). Which entries stay is decided by
 * {@link EntryFilter}.
 *
 * <p>Reproducible mode must sort the entries ({@link SortedSpool}), which a single-pass stream
 * cannot do in place: file contents are spooled, in arrival order, into one file in a private (0700) temporary
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
    private final SlugOptions options;
    private final Consumer<String> warnings;
    private final Cleanup cleanup;
    private Path spoolParent; // null: java.io.tmpdir

    /** CLEANUP is where the partial slug and the spool register their removal, so Ctrl-C leaves neither. */
    public SlugPacker(SlugOptions options, Consumer<String> warnings, Cleanup cleanup) {
        this.options = options;
        this.warnings = warnings;
        this.cleanup = cleanup;
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
    public SlugSummary packToFile(InputStream tarFromEngine, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = PrivateFiles.createFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".partial");
        try (Cleanup scope = cleanup.scope()) {
            scope.add("the partial slug " + partial, () -> delete(partial));
            SlugSummary summary;
            try (OutputStream out =
                    Files.newOutputStream(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                summary = pack(tarFromEngine, out);
            } catch (ClosedByInterruptException e) {
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
        EngineTarReader in = new EngineTarReader(tarFromEngine);
        EntryFilter filter = new EntryFilter(options, warnings);
        LargestEntries sizes = new LargestEntries(options.appRoot());
        SlugOutput out = new SlugOutput(slugTgz, options, sizes);
        try {
            if (options.reproducible()) {
                new SortedSpool(options, spoolParent, cleanup).pack(in, filter, sizes, out);
            } else {
                packInArrivalOrder(in, filter, sizes, out);
            }
            if (filter.seen == 0) {
                throw new SlugbuilderException(
                        ExitCode.ENGINE,
                        "the engine's archive of /app holds no entries",
                        "the image has no /app: was it built from the app's Dockerfile?");
            }
            SlugSummary summary = out.finish(filter.skipped, filter.excluded);
            if (summary.compressedBytes() > options.warnAbove()) {
                warnings.accept("the slug is " + Sizes.human(summary.compressedBytes()) + " compressed, above "
                        + (options.warnAbove() == SlugOptions.HEROKU_SOFT_LIMIT
                                ? "Heroku's soft limit of " + Sizes.human(options.warnAbove())
                                        + ": dynos boot more slowly"
                                : Sizes.human(options.warnAbove()))
                        + "; .slugignore can leave out what the dyno does not need");
            }
            return summary;
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            out.abandon();
            throw interrupted(e);
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

    private static void packInArrivalOrder(EngineTarReader in, EntryFilter filter, LargestEntries sizes, SlugOutput out)
            throws IOException {
        EngineEntry entry;
        while ((entry = in.next()) != null) {
            checkInterrupted();
            SlugEntry kept = filter.accept(entry);
            if (kept != null) {
                sizes.add(kept);
                out.put(kept);
                if (kept.kind == SlugEntry.Kind.FILE) {
                    copy(in, out, kept.size);
                }
                out.closeEntry();
            }
        }
    }

    private static void copy(EngineTarReader in, SlugOutput out, long size) throws IOException {
        byte[] buffer = out.buffer();
        long copied = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            copied += n;
            checkInterrupted();
        }
        if (copied != size) {
            throw new TruncatedArchiveException(
                    "truncated entry in the engine's archive: " + copied + " of " + size + " bytes");
        }
    }

    // ---- helpers ----

    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(null);
        }
    }

    private static SlugbuilderException interrupted(Throwable cause) {
        return new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted while packing the slug", null, cause);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
