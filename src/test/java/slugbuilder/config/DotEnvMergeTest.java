package slugbuilder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class DotEnvMergeTest {
    private static final String LOCAL = """
            # my local settings
            export PORT=5000
            API_KEY=local-key   # mine
            CERT="-----BEGIN-----
            old
            -----END-----"
            LOCAL_ONLY=yes
            """;

    private static Map<String, String> pulled() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PORT", "5000");
        vars.put("API_KEY", "prod-key");
        vars.put("CERT", "new\ncert");
        vars.put("NEW_ONE", "it's \"new\" $x");
        return vars;
    }

    @Test
    void keepsDifferingLocalValuesAndEveryOtherLine() {
        DotEnvMerge.Result result = DotEnvMerge.merge(".env", LOCAL, pulled(), false);

        assertEquals(LOCAL + "NEW_ONE=\"it's \\\"new\\\" \\$x\"\n", result.text());
        assertEquals(List.of("NEW_ONE"), result.added());
        assertEquals(List.of(), result.changed());
        assertEquals(List.of("PORT"), result.unchanged());
        assertEquals(List.of("API_KEY", "CERT"), result.kept());
    }

    @Test
    void overwriteReplacesEachEntryInPlaceMultiLineIncluded() {
        DotEnvMerge.Result result = DotEnvMerge.merge(".env", LOCAL, pulled(), true);

        assertEquals("""
                # my local settings
                export PORT=5000
                API_KEY=prod-key
                CERT="new\\ncert"
                LOCAL_ONLY=yes
                NEW_ONE="it's \\"new\\" \\$x"
                """, result.text());
        assertEquals(List.of("API_KEY", "CERT"), result.changed());
        assertEquals(List.of(), result.kept());
    }

    @Test
    void aDuplicateKeyHasItsEffectiveLastEntryReplaced() {
        DotEnvMerge.Result result = DotEnvMerge.merge(".env", "A=1\nA=2\n", Map.of("A", "3"), true);

        assertEquals("A=1\nA=3\n", result.text());
    }

    @Test
    void anEmptyFileGetsQuotedEntriesInTheApiOrder() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("Z_PLAIN", "abc");
        vars.put("EMPTY", "");
        vars.put("SPACES", "  x  ");
        vars.put("HASH", "a #b");
        DotEnvMerge.Result result = DotEnvMerge.merge(".env", "", vars, false);

        assertEquals("Z_PLAIN=abc\nEMPTY=\nSPACES='  x  '\nHASH='a #b'\n", result.text());
        assertEquals(List.of("Z_PLAIN", "EMPTY", "SPACES", "HASH"), result.added());
    }

    @Test
    void aBrokenLocalFileIsRefusedWithItsLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> DotEnvMerge.merge(".env", "A=1\nB='open\n", Map.of("A", "2"), true));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(".env:2: the value of B opens a single quote that is never closed", e.getMessage());
    }
}
