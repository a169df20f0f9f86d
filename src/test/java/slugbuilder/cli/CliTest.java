package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.Version;
import slugbuilder.support.CliRun;

class CliTest {
    @Test
    void helpListsEveryExitCode() {
        for (String[] args : new String[][] {{"--help"}, {"init", "--help"}, {"stack", "build", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode());
            for (ExitCode code : ExitCode.values()) {
                assertTrue(
                        run.out()
                                .contains(String.format(
                                        Locale.ROOT,
                                        "%3d   %s",
                                        code.code,
                                        code.meaning.split(" ")[0])),
                        String.join(" ", args) + " lacks exit code " + code.code);
            }
        }
    }

    @Test
    void versionNamesTheTool() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        // the commit and its date come from the build (git), so a checkout always has both
        assertTrue(
                lines[0].matches("slugbuilder " + Pattern.quote(Version.current())
                        + " \\(commit [0-9a-f]{7}, built \\d{4}-\\d{2}-\\d{2}\\)"),
                lines[0]);
        assertEquals(
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")",
                lines[1]);
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(ExitCode.USAGE.code, run.exitCode());
        assertTrue(run.err().contains("error: a command is required"), run.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliRun run = CliRun.of("init", "--frobnicate");
        assertEquals(ExitCode.USAGE.code, run.exitCode());
        assertEquals("error: Unknown option: '--frobnicate'", run.firstErrLine());
        assertTrue(run.err().contains("hint: see 'slugbuilder init --help'"), run.err());
    }

    @Test
    void completionScriptCoversTheCommandsAndTemplates() {
        CliRun run = CliRun.of("completion");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_slugbuilder"), "bash completion function");
        assertTrue(run.out().contains("init") && run.out().contains("stack"), "subcommands");
        assertTrue(run.out().contains("minimal"), "template names from the catalog");
    }
}
