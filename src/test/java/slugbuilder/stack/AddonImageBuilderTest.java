package slugbuilder.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.fake.FakeEngine;

class AddonImageBuilderTest {
    private static final String STACK = "slugbuilder/stack:bookworm";

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), false);

    @Test
    void theHashCoversEveryFileOfTheAddonTemplatesAndNothingElse() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("templates", "addons"))) {
            List<String> present = files.map(f -> "templates/addons/" + f.getFileName())
                    .sorted()
                    .toList();
            assertEquals(present, AddonImageBuilder.SOURCES.stream().sorted().toList());
        }
    }

    @Test
    void isTheSha256OfTheSourcesConcatenatedAsStackShDoes() throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String source : AddonImageBuilder.SOURCES) {
            all.write(Files.readAllBytes(Path.of(source)));
        }
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
        assertEquals(expected, AddonImageBuilder.currentHash());
    }

    @Test
    void stackShChecksTheSameFilesKindsAndLabels() throws IOException {
        String script = Files.readString(Path.of("scripts", "stack.sh"));
        assertTrue(script.contains("addon_sources=(" + String.join(" ", AddonImageBuilder.SOURCES) + ")"), script);
        String kinds = String.join(
                " ",
                AddonImageBuilder.ALL.stream()
                        .map(AddonImageBuilder.Addon::kind)
                        .toList());
        assertTrue(script.contains("addons=(" + kinds + ")"), script);
        assertTrue(
                script.contains(AddonImageBuilder.HASH_LABEL) && script.contains(AddonImageBuilder.BASE_LABEL), script);
    }

    @Test
    void buildsEachImageOnTheStackWithItsLabelsAndTag() {
        String base = engine.addImage(STACK, Map.of());
        List<String> tags = new AddonImageBuilder(engine, console).build(STACK);
        assertEquals(List.of(STACK + "-postgres", STACK + "-redis", STACK + "-mysql", STACK + "-memcached"), tags);
        for (AddonImageBuilder.Addon addon : AddonImageBuilder.ALL) {
            ImageInfo image = engine.inspect(AddonImageBuilder.tag(STACK, addon.kind()));
            assertEquals(addon.kind(), image.labels().get(AddonImageBuilder.ADDON_LABEL));
            assertEquals(AddonImageBuilder.currentHash(), image.labels().get(AddonImageBuilder.HASH_LABEL));
            assertEquals(base, image.labels().get(AddonImageBuilder.BASE_LABEL));
            assertEquals("true", image.labels().get("slugbuilder"));
            assertTrue(
                    out.toString()
                            .contains("Building the " + addon.kind() + " add-on image " + STACK + "-" + addon.kind()),
                    out.toString());
        }
    }

    @Test
    void eachContextHoldsADockerfileOnTheStackAndItsExecingEntrypoint() throws IOException {
        for (AddonImageBuilder.Addon addon : AddonImageBuilder.ALL) {
            Map<String, String> files = contextFiles(addon);
            assertEquals(
                    List.of("Dockerfile", "docker-entrypoint.sh"),
                    files.keySet().stream().sorted().toList());
            String dockerfile = files.get("Dockerfile");
            assertTrue(dockerfile.contains("\nFROM " + STACK + "\n"), dockerfile);
            assertTrue(dockerfile.contains("ENTRYPOINT [\"docker-entrypoint.sh\"]"), dockerfile);
            assertTrue(
                    dockerfile.contains("COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh"), dockerfile);
            String entrypoint = files.get("docker-entrypoint.sh");
            assertTrue(entrypoint.startsWith("#!/usr/bin/env bash\n"), entrypoint);
            // signals reach the server only when the script replaces itself with it
            assertTrue(entrypoint.strip().endsWith("exec \"$@\""), entrypoint);
        }
    }

    @Test
    void aMissingStackImageIsOneClearError() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new AddonImageBuilder(engine, console).build(STACK));
        assertEquals("the stack image " + STACK + " is not in the engine", e.getMessage());
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(List.of(), engine.calls("build"));
    }

    @Test
    void aFailedBuildNamesTheImageAndStopsThere() {
        engine.addImage(STACK, Map.of());
        engine.onBuild(
                request -> request.tags().contains(STACK + "-redis"),
                FakeEngine.BuildScript.failing(
                        new BuildFailedException(
                                "build failed: The command '/bin/sh -c apt-get update' returned a non-zero code: 100",
                                "the output above shows the failing step"),
                        "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease"));
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new AddonImageBuilder(engine, console).build(STACK));
        assertEquals(
                "building the redis add-on image " + STACK + "-redis failed: build failed: The command '/bin/sh -c "
                        + "apt-get update' returned a non-zero code: 100",
                e.getMessage());
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(2, engine.calls("build").size(), "mysql and memcached are not tried after redis failed");
        assertTrue(out.toString().contains("E: Failed to fetch"), out.toString());
    }

    private Map<String, String> contextFiles(AddonImageBuilder.Addon addon) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        new AddonImageBuilder(engine, console).context(addon, STACK).writeTo(tar);
        Map<String, String> files = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
