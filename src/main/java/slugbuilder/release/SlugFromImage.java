package slugbuilder.release;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.slug.SlugOptions;
import slugbuilder.slug.SlugPacker;
import slugbuilder.slug.SlugSummary;
import slugbuilder.slug.TruncatedArchiveException;

/**
 * Takes {@code /app} out of an image into a slug: a container is created (never started: nothing
 * runs, and the image needs no tar) so the engine's archive endpoint can stream its {@code /app},
 * which {@link SlugPacker} re-packs on the fly; the container is removed afterwards, on Ctrl-C too.
 */
public final class SlugFromImage {
    private final ContainerEngine engine;
    private final Cleanup cleanup;

    /** CLEANUP is where the short-lived container's removal is registered. */
    public SlugFromImage(ContainerEngine engine, Cleanup cleanup) {
        this.engine = engine;
        this.cleanup = cleanup;
    }

    /** Packs IMAGE's /app into TARGET (whole or absent), labelling the short-lived container with LABELS. */
    public SlugSummary pack(
            String image, Map<String, String> labels, SlugOptions options, Consumer<String> warnings, Path target) {
        try (Cleanup scope = cleanup.scope()) {
            // The cleanup waits for a create in flight (it holds the lock), so it sees the container.
            Object creating = new Object();
            String[] id = {null};
            scope.add("the container holding the slug", () -> {
                synchronized (creating) {
                    if (id[0] != null) {
                        engine.containers().remove(id[0]);
                    }
                }
            });
            synchronized (creating) {
                id[0] = engine.containers()
                        .create(new ContainerSpec(
                                        image, List.of("/bin/true"), null, List.of(), null, Map.of(), Map.of(), labels)
                                .withRole("the container holding the slug"));
            }
            InputStream archive = engine.containers()
                    .readArchive(id[0], "/app")
                    .orElseThrow(() -> new SlugbuilderException(
                            ExitCode.BAD_INPUT,
                            "the image " + image + " has no /app directory",
                            "install the app under /app, as the Dockerfile 'slugbuilder init' writes does"));
            SlugSummary summary;
            try (InputStream tar = new EngineSide(archive)) {
                summary = new SlugPacker(options, warnings, scope).packToFile(tar, target);
            } catch (EngineReadFailure | TruncatedArchiveException e) {
                throw new SlugbuilderException(
                        ExitCode.ENGINE,
                        "failed to read /app of " + image + " from the engine: " + e.getMessage(),
                        "check that the engine still runs",
                        e);
            } catch (IOException e) {
                if (isOutOfSpace(e)) {
                    // this machine's shortage, not slugbuilder's fault: the packer has removed the partial file
                    throw new SlugbuilderException(
                            ExitCode.ENVIRONMENT,
                            "no space left on the device to write the slug " + target,
                            "free some space there (df "
                                    + target.toAbsolutePath().getParent()
                                    + "), or write the slug to another file system",
                            e);
                }
                throw new SlugbuilderException(
                        ExitCode.FAILURE, "packing the slug into " + target + " failed: " + e.getMessage(), null, e);
            }
            if (summary.entries() <= 1) { // /app itself and nothing in it
                PrivateFiles.deleteTree(target);
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "the image " + image + " has an empty /app: its slug would hold nothing",
                        "check that the Dockerfile's ONBUILD steps copy the app to /app/src");
            }
            return summary;
        }
    }

    /** Whether a write failed because the file system is full (ENOSPC) or the user's quota is spent (EDQUOT). */
    static boolean isOutOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** A failure reading the engine's archive, told apart from one writing the slug (a full disk). */
    private static final class EngineReadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        EngineReadFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The engine's archive, whose read failures are marked as the engine's. */
    private static final class EngineSide extends FilterInputStream {
        EngineSide(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new EngineReadFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new EngineReadFailure(e);
            }
        }
    }
}
