package slugbuilder.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * What a command prints on Ctrl-C or SIGTERM: one "interrupted" line, and after it no failure
 * wording for what the interrupt caused and no step that reads like progress ("==> Started
 * worker.1", "==> Add-on DATABASE answers").
 */
public final class Interrupts {
    private Interrupts() {}

    public static void assertOneInterruptedLine(String stderr) {
        List<String> lines = stderr.lines().toList();
        List<String> said =
                lines.stream().filter(l -> l.startsWith("interrupted")).toList();
        assertEquals(1, said.size(), "one interrupted line: " + stderr);
        List<String> after = lines.subList(lines.indexOf(said.get(0)) + 1, lines.size());
        assertTrue(
                after.stream()
                        .noneMatch(l -> l.startsWith("error:") || l.startsWith("warning:") || l.startsWith("hint:")),
                "no failure wording after the interrupt: " + stderr);
        assertTrue(after.stream().noneMatch(l -> l.startsWith("==> ")), "no progress after the interrupt: " + stderr);
    }
}
