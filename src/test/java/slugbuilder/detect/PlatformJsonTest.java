package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.SlugbuilderException;
import slugbuilder.support.Fixtures;

/** The records bound by hand are the ones databind binds, and what they refuse is databind's to read. */
class PlatformJsonTest {
    private static final Path PLATFORMS = Fixtures.ROOT.getParent().resolve("platforms");

    @TempDir
    Path scratch;

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyBuiltInPlatformBindsAsDatabindBindsIt() throws IOException {
        List<Path> platforms = PlatformCatalog.builtIn().inOrder().stream()
                .map(p -> PLATFORMS.resolve(p.name() + ".json"))
                .toList();
        assertTrue(platforms.size() >= 10, platforms.toString());
        for (Path file : List.of(platforms, List.of(Fixtures.ROOT.resolve("platforms/perl.json"))).stream()
                .flatMap(List::stream)
                .toList()) {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(
                    DatabindJson.CATALOG.readValue(bytes, Platform.class),
                    PlatformJson.platform(JsonTree.parseRecord(bytes)).orElseThrow(),
                    file.toString());
        }
    }

    @Test
    void everyInventoryAndTheIndexBindAsDatabindBindsThem() throws IOException {
        List<Path> inventories = jsonFiles(PLATFORMS.resolve("versions"));
        assertTrue(inventories.size() >= 5, inventories.toString());
        for (Path file : inventories) {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(
                    DatabindJson.CATALOG.readValue(bytes, VersionInventory.class),
                    PlatformJson.inventory(JsonTree.parseRecord(bytes)).orElseThrow(),
                    file.toString());
        }
        byte[] index = Files.readAllBytes(PLATFORMS.resolve("index.json"));
        assertEquals(
                DatabindJson.CATALOG
                        .readValue(index, PlatformCatalog.Index.class)
                        .order(),
                PlatformJson.order(JsonTree.parseRecord(index)).orElseThrow());
        assertEquals(
                PlatformJson.order(JsonTree.parseRecord(index)).orElseThrow(),
                PlatformCatalog.builtIn().inOrder().stream().map(Platform::name).toList());
    }

    /** Anything databind might coerce, or report, is left to it. */
    @Test
    void whatIsNotExactlyInTheSchemaIsLeftToDatabind() throws IOException {
        for (String json : List.of(
                "{\"name\": \"x\", \"detekt\": {}}",
                "{\"name\": 5}",
                "{\"name\": \"x\", \"aptPackages\": [\"a\", null]}",
                "{\"name\": \"x\", \"aptPackages\": \"a\"}",
                "{\"name\": \"x\", \"probes\": {\"p\": true}}",
                "{\"runtimes\": [{\"name\": \"r\", \"sources\": [{\"file\": \"f\", \"whole\": \"true\"}]}]}",
                "{\"detect\": {\"files\": [\"a\"], \"glob\": []}}",
                "[]",
                "null")) {
            assertEquals(Optional.empty(), PlatformJson.platform(JsonTree.parseRecord(json)), json);
        }
        assertThrows(JsonParseException.class, () -> JsonTree.parseRecord("{\"name\": \"a\", \"name\": \"b\"}"));
        assertFalse(PlatformJson.inventory(JsonTree.parseRecord("{\"runtime\": \"x\"}"))
                .isPresent());
    }

    @Test
    void databindStillReadsWhatTheHandBinderRefuses() throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("team"));
        Path file = dir.resolve("tool.json");
        Files.writeString(
                file,
                "{\"name\": \"tool\", \"title\": 5, \"process\": \"p\", \"template\": \"minimal\"}",
                StandardCharsets.UTF_8);
        Platform platform = PlatformFile.read(file, t -> true, i -> true);
        assertEquals("5", platform.title(), "databind's coercion, as before");

        Files.writeString(file, "{\n\"name\": \"tool\",\n\"nmae\": \"x\"}", StandardCharsets.UTF_8);
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> PlatformFile.read(file, t -> true, i -> true));
        assertEquals(file + ":3: unknown field 'nmae'", e.getMessage());
    }
}
