package slugbuilder.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.render.TemplateRenderer;

class StackHashTest {

    @Test
    void isTheSha256OfTheSourceFilesConcatenatedAsStackShDoes() throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String source : StackHash.SOURCES) {
            all.write(Files.readAllBytes(Path.of(source)));
        }
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
        assertEquals(expected, StackHash.current());
    }

    @Test
    void stackShHashesTheSameFilesInTheSameOrder() throws IOException {
        String script = Files.readString(Path.of("scripts", "stack.sh"));
        assertTrue(script.contains("sources=(" + String.join(" ", StackHash.SOURCES) + ")"), script);
        assertTrue(script.contains(StackHash.LABEL), script);
    }

    @Test
    void theRunImageNamesTheUserASlugRunsAs() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("generator", "slugbuilder test");
        model.put("rootfs", "slugbuilder/stack:rootfs");
        model.put("caBundle", false);
        model.put("dynoUid", StackBuilder.DYNO_UID);
        String dockerfile = new TemplateRenderer().render("stack-run.Dockerfile", model);
        assertTrue(dockerfile.contains("useradd --uid 1000 --gid 1000 --no-create-home --home-dir /app"), dockerfile);
        assertTrue(dockerfile.contains("groupadd --gid 1000 dyno"), dockerfile);
    }
}
