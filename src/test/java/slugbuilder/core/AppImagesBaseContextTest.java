package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.support.Fixtures;

/** The base image's build is sent what its base part copies, not the app. */
class AppImagesBaseContextTest {
    private static List<String> baseContext(Path app) {
        FakeEngine engine = new FakeEngine();
        engine.addImage("stack", Map.of());
        AtomicReference<BuildRequest> sent = new AtomicReference<>();
        engine.onBuild(request -> sent.compareAndSet(null, request) && false, null);
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        try (Cleanup cleanup = Cleanup.registry()) {
            new AppImages(
                            engine,
                            console,
                            cleanup,
                            AppInputs.read(AppDir.open(app)),
                            AppImages.BuildSettings.defaults())
                    .base();
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        try {
            sent.get().context().writeTo(tar);
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    names.add(entry.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.stream().sorted().toList(); // which files, whatever their order in the tar
    }

    @Test
    void theBaseBuildIsSentTheDockerfileTheCommandRead(@TempDir Path tmp) throws IOException {
        Path app = Fixtures.app(tmp, "Dockerfile", "FROM stack\nRUN echo read\nONBUILD COPY . /app/src/\n");
        AppInputs inputs = AppInputs.read(AppDir.open(app));
        Files.writeString(app.resolve("Dockerfile"), "FROM stack\nRUN echo saved-meanwhile\n");
        FakeEngine engine = new FakeEngine();
        engine.addImage("stack", Map.of());
        AtomicReference<BuildRequest> sent = new AtomicReference<>();
        engine.onBuild(request -> sent.compareAndSet(null, request) && false, null);
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        try (Cleanup cleanup = Cleanup.registry()) {
            new AppImages(engine, console, cleanup, inputs, AppImages.BuildSettings.defaults()).base();
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        sent.get().context().writeTo(tar);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry entry = in.getNextEntry();
            assertEquals("Dockerfile", entry.getName());
            assertEquals(
                    "FROM stack\nRUN echo read\nONBUILD COPY . /app/src/\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "the text the base image's tag hashes, not the file saved since");
            assertEquals(null, in.getNextEntry());
        }
    }

    @Test
    void aBasePartThatCopiesNothingIsSentTheDockerfileAlone(@TempDir Path tmp) {
        Path app = Fixtures.app(
                tmp,
                "Dockerfile",
                "FROM stack\nRUN true\nONBUILD COPY . /app/src/\n",
                "index.js",
                "x",
                "node_modules/a/index.js",
                "y");
        assertEquals(List.of("Dockerfile"), baseContext(app));
    }

    @Test
    void aBasePartThatCopiesAFileIsSentThatFile(@TempDir Path tmp) {
        Path app = Fixtures.app(
                tmp,
                "Dockerfile",
                "FROM stack\nCOPY config/Aptfile /tmp/\nONBUILD COPY . /app/src/\n",
                "config/Aptfile",
                "libpq5\n",
                "config/other",
                "z",
                "index.js",
                "x");
        assertEquals(List.of("Dockerfile", "config/", "config/Aptfile"), baseContext(app));
    }

    @Test
    void aBasePartThatCopiesEverythingIsSentTheAppAsBefore(@TempDir Path tmp) {
        Path app = Fixtures.app(
                tmp, "Dockerfile", "FROM stack\nCOPY . /app/src/\n", ".env", "SECRET=1\n", "index.js", "x");
        assertEquals(List.of("Dockerfile", "index.js"), baseContext(app));
    }
}
