package slugbuilder.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.slug.SlugOptions;
import slugbuilder.slug.SlugSummary;

/** The container holding the slug goes, whatever happens to the packing. */
class SlugFromImageTest {
    private static final String IMAGE = "slugbuilder/app-abc123:start";
    private final FakeEngine engine = new FakeEngine();
    private final Cleanup cleanup = Cleanup.registry();

    @TempDir
    Path dir;

    /** A tar of /app as the engine's archive endpoint gives it: entries under "app/". */
    static byte[] appTar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry root = new TarArchiveEntry("app/");
            tar.putArchiveEntry(root);
            tar.closeArchiveEntry();
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("app/" + file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private SlugSummary pack(Path target) {
        return new SlugFromImage(engine, cleanup)
                .pack(IMAGE, Labels.of("pack"), SlugOptions.defaults(), warning -> {}, target);
    }

    @Test
    void theContainerIsRemovedAfterASuccessfulPack() throws IOException {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.archive(IMAGE, "/app", appTar(Map.of("src/Procfile", "web: ./run\n", "src/run", "#!/bin/sh\n")));
        Path target = dir.resolve("slug.tgz");

        SlugSummary summary = pack(target);

        assertTrue(summary.entries() > 1, "entries: " + summary.entries());
        assertTrue(Files.size(target) > 0);
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(1, engine.removedContainers().size());
        assertEquals(
                "the container holding the slug",
                engine.calls("create").get(0).args().get(0));
        assertEquals(List.of(), engine.calls("start"), "nothing runs in it");
    }

    @Test
    void theContainerIsRemovedWhenPackingFails() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.archive(
                IMAGE,
                "/app",
                "not a tar at all, and long enough to be read as a header"
                        .repeat(20)
                        .getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("slug.tgz");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pack(target));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "failed to read /app of " + IMAGE + " from the engine: the engine's archive is damaged:"
                        + " a header field that is not an octal number (after 512 bytes)",
                e.getMessage());

        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(1, engine.removedContainers().size());
        assertFalse(Files.exists(target), "no partial slug stays");
    }

    @Test
    void theContainerIsRemovedWhenTheImageHasNoApp() {
        engine.addImage(IMAGE, Labels.of("start"));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pack(dir.resolve("slug.tgz")));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("has no /app directory"), e.getMessage());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void theContainerIsRemovedWhenTheEngineFailsToReadIt() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.failNext(
                "readArchive",
                new SlugbuilderException(
                        ExitCode.ENGINE, "failed to read /app from the container holding the slug: x"));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> pack(dir.resolve("slug.tgz")));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void anInterruptWhileReadingTheArchiveLeavesNoContainer() throws Exception {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.archive(IMAGE, "/app", appTar(Map.of("src/Procfile", "web: ./run\n")));
        FakeEngine.Gate reading = engine.block("readArchive");
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<SlugSummary> packing = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            return pack(dir.resolve("slug.tgz"));
        });
        reading.awaitEntered();
        worker.get().interrupt();

        ExecutionException e = assertThrows(ExecutionException.class, () -> packing.get(10, TimeUnit.SECONDS));

        assertEquals(ExitCode.INTERRUPTED, ((SlugbuilderException) e.getCause()).exitCode());
        assertEquals(Map.of(), engine.liveContainers());
        assertFalse(Files.exists(dir.resolve("slug.tgz")));
    }
}
