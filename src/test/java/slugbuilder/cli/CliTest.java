package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
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
        assertTrue(run.out().startsWith("slugbuilder "), run.out());
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
