package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import slugbuilder.support.CliRun;

/** What --help shows a user: lines that fit, names never broken, every command named as it is typed. */
class HelpTest {
    /** A line ending in a dot that starts a name, the name going on in the next line: "~/." + "netrc", " ." + "slugignore". */
    private static final Pattern BROKEN_NAME = Pattern.compile("[ /]\\.\\n +[A-Za-z]");

    private static List<String> everyCommand(CommandLine cli) {
        List<String> names = new ArrayList<>(List.of(cli.getCommandSpec().qualifiedName()));
        cli.getSubcommands().values().forEach(sub -> names.addAll(everyCommand(sub)));
        return names;
    }

    @Test
    void everyHelpFitsEightyColumnsAndBreaksNoName() {
        for (String command : everyCommand(
                Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")).subList(1, command.split(" ").length));
            args.add("--help");
            CliRun help = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), command);
            for (String line : help.out().lines().toList()) {
                assertTrue(line.length() <= HelpWrap.WIDTH || !line.strip().contains(" "), command + ": " + line);
            }
            assertTrue(!BROKEN_NAME.matcher(help.out()).find(), command + " breaks a name:\n" + help.out());
        }
    }

    @Test
    void namesWithDotsStayWhole() {
        String release = CliRun.of("release", "--help").out();
        assertTrue(release.contains("~/.netrc") && release.contains(".slugignore"), release);
    }

    @Test
    void completionNamesItselfAsItIsTyped() {
        assertTrue(CliRun.of("completion", "--help").out().startsWith("Usage: slugbuilder completion"));
    }

    @Test
    void aMissingDirectoryGivenWithDirSaysHowItWasGiven() {
        CliRun run = CliRun.of("stop", "--dir", "/nonexistent/app");
        assertEquals(3, run.exitCode());
        assertTrue(
                run.err().contains("hint: run slugbuilder in your app's directory, or pass it with --dir DIR"),
                run.err());
    }

    @Test
    void wrapBreaksAtSpacesAndIndentsUnderTheDescription() {
        String row = "  -a, --app=APP    " + "word ".repeat(20) + "~/.netrc";
        String wrapped = HelpWrap.wrap(row);
        assertTrue(wrapped.lines().allMatch(l -> l.length() <= HelpWrap.WIDTH), wrapped);
        assertTrue(wrapped.lines().skip(1).allMatch(l -> l.startsWith(" ".repeat(21))), wrapped);
        assertTrue(wrapped.contains("~/.netrc"), wrapped);
    }
}
