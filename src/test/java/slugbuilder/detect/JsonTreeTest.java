package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The streaming tree finds what databind's JsonNode found at the same pointers. */
class JsonTreeTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();

    @Test
    void pointersLeadWhereJsonNodeAtLeads() throws IOException {
        String json = "{\"engines\": {\"node\": \"^20\", \"npm\": 10, \"a/b\": \"slash\", \"t~\": \"tilde\"},"
                + " \"list\": [\"zero\", {\"x\": null}], \"empty\": [], \"flag\": false, \"f\": 1.5e3, \"engines\": {\"node\": \"22\"}}";
        Object tree = JsonTree.parse(json);
        JsonNode node = DATABIND.readTree(json);
        for (String pointer : List.of(
                "/engines/node",
                "/engines/npm",
                "/engines/a~1b",
                "/engines/t~0",
                "/engines/none",
                "/list/0",
                "/list/1/x",
                "/list/2",
                "/list/x",
                "/empty/0",
                "/flag",
                "/f",
                "/flag/deeper",
                "/engines")) {
            JsonNode expected = node.at(pointer);
            Object found = JsonTree.at(tree, pointer);
            String type = expected.getNodeType().toString().toLowerCase(Locale.ROOT);
            assertEquals(type, JsonTree.typeName(found), pointer);
            if (expected.isTextual()) {
                assertEquals(expected.asText(), found, pointer);
            }
        }
    }

    @Test
    void emptyNullAndTrailingText() throws IOException {
        assertSame(JsonTree.MISSING, JsonTree.parse(""));
        assertSame(JsonTree.MISSING, JsonTree.parse(" \n\t"));
        assertSame(JsonTree.NULL, JsonTree.parse("null"));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{} {}"));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{\"a\": 1,}"));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{\"a\": 1} x"));
    }
}
