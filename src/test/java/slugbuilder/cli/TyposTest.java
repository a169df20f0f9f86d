package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import slugbuilder.Spelling;
import slugbuilder.support.CliRun;

class TyposTest {
    @Test
    void aSwappedCommandIsSuggested() {
        CliRun run = CliRun.of("strat");
        assertEquals(2, run.exitCode());
        assertEquals("error: 'strat' is not a slugbuilder command", run.firstErrLine());
        assertTrue(run.err().contains("hint: did you mean 'slugbuilder start'?"), run.err());
    }

    @Test
    void aMistypedOptionIsSuggested() {
        CliRun run = CliRun.of("clean", "--al");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("hint: did you mean '--all'?"), run.err());
    }

    @Test
    void aWordFarFromEveryCommandGetsTheHelpHint() {
        CliRun run = CliRun.of("deploy-everything");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("hint: see 'slugbuilder --help'"), run.err());
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertEquals(1, Spelling.distance("strat", "start"));
        assertEquals(3, Spelling.distance("strt", "stack"));
        assertEquals(0, Spelling.distance("exec", "exec"));
    }
}
