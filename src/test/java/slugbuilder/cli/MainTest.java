package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import slugbuilder.cli.CdsTraining.TrainingCommand;

/** The CLI Main builds for one command line (only the commands it names) behaves as the whole CLI does. */
class MainTest {
    private static final List<List<String>> COMMAND_LINES = List.of(
            List.of(),
            List.of("--version"),
            List.of("-V"),
            List.of("--help"),
            List.of("--debug"),
            List.of("ini"),
            List.of("--debug", "strat"),
            List.of("init", "--help"),
            List.of("init", "--nope"),
            List.of("--debug", "init", "--help"),
            List.of("stack"),
            List.of("stack", "build", "--help"),
            List.of("slug", "pakc"),
            List.of("exec", "--help"),
            List.of("stop", "--dir", "/nonexistent/app"),
            List.of("completion"),
            List.of("--help", "init"),
            List.of("--", "init"));

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(boolean whole, List<String> commandLine) {
        String[] args = commandLine.toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cli = whole ? Main.commandLine(o, e) : Main.commandLine(o, e, Wiring.system(), args);
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theCommandsOneLineNeedsBehaveAsTheWholeCli() {
        for (List<String> commandLine : COMMAND_LINES) {
            assertEquals(run(true, commandLine), run(false, commandLine), String.join(" ", commandLine));
        }
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("init"), Main.subcommandsFor("init", "--force"));
        assertEquals(Set.of("stop"), Main.subcommandsFor("--debug", "stop"));
        assertEquals(Set.of("slug"), Main.subcommandsFor("slug", "pack", "IMAGE"));
        assertEquals(Set.of(), Main.subcommandsFor("--version"));
    }

    @Test
    void helpCompletionAndMistypedCommandsGetThemAll() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-h", "init"}, {"completion"}, {"ini"}, {"@args.txt"}}) {
            assertEquals(Main.SUBCOMMANDS.keySet(), Main.subcommandsFor(args), String.join(" ", args));
        }
    }

    @Test
    void theListNamesEachCommandAsItsAnnotationDoes() {
        Main.SUBCOMMANDS.forEach((name, type) -> {
            if (type == AutoComplete.GenerateCompletion.class) {
                return; // picocli's own, renamed as it is added
            }
            Command command = type.getAnnotation(Command.class);
            assertTrue(command != null && command.name().equals(name), name + " is " + type.getSimpleName());
        });
        CommandLine whole = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(
                List.copyOf(Main.SUBCOMMANDS.keySet()),
                List.copyOf(whole.getSubcommands().keySet()));
    }

    @Test
    void onlyTheVersionAloneTakesTheShortWay() {
        assertTrue(Main.isVersionOnly("--version"));
        assertTrue(Main.isVersionOnly("-V"));
        assertFalse(Main.isVersionOnly("--version", "--help"));
        assertFalse(Main.isVersionOnly("init", "--version"));
        assertFalse(Main.isVersionOnly());
    }

    @Test
    void theTrainingRunEndsWhenEveryCommandEndsWithItsOwnCode() throws Exception {
        // throws when one of its commands asks for the engine or ends with another code
        CdsTraining.main(new String[0]);
    }

    @Test
    void aTrainingCommandThatAsksForTheEngineFailsTheRun(@TempDir Path home) throws IOException {
        Path app = Files.createDirectories(home.resolve("app"));
        Files.writeString(app.resolve("Procfile"), "web: node index.js\n");
        Files.writeString(app.resolve("Dockerfile"), "FROM slugbuilder/stack:bookworm\n");
        List<TrainingCommand> stop = List.of(new TrainingCommand(List.of("stop", "--dir", app.toString()), 0));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CdsTraining.runOffline(stop, home));

        assertEquals("training command 'stop --dir " + app + "' asked for a Docker engine", e.getMessage());
    }

    @Test
    void aTrainingCommandThatEndsWithAnotherCodeFailsTheRun(@TempDir Path home) {
        List<TrainingCommand> typo = List.of(new TrainingCommand(List.of("nosuchcommand"), 0));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CdsTraining.runOffline(typo, home));

        assertTrue(
                e.getMessage().startsWith("training command 'nosuchcommand' ended with 2, not 0; its stderr: "),
                e.getMessage());
    }
}
