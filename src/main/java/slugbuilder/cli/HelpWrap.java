package slugbuilder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Wraps help text at spaces only. picocli wraps with the JDK's line BreakIterator, which breaks
 * after any dot ("~/." + "netrc", ". " + "slugignore"), so picocli renders each section unwrapped
 * and this wraps it, continuing a line under its description column as picocli would.
 */
final class HelpWrap {
    static final int WIDTH = 80;
    /** Wide enough that picocli itself never wraps. */
    private static final int UNWRAPPED = 4000;
    /** An option, parameter, command or exit code row: its name column, then two spaces or more, then its description. */
    private static final Pattern ROW = Pattern.compile("^( +\\S.*?\\S? {2,})\\S");

    private HelpWrap() {}

    static void install(CommandLine cli) {
        cli.setUsageHelpWidth(UNWRAPPED);
        installIn(cli);
    }

    private static void installIn(CommandLine cli) {
        Map<String, IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        // the synopsis follows its "Usage: " heading on the same line; it continues under the options after the
        // command's name
        int synopsisIndent =
                "Usage: ".length() + cli.getCommandSpec().qualifiedName().length() + 1;
        sections.replaceAll((key, renderer) -> key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)
                ? help -> wrap(renderer.render(help), synopsisIndent, "Usage: ".length())
                : help -> wrap(renderer.render(help), -1, 0));
        // changed in place: setHelpSectionMap would hand this command's map to its subcommands too
        cli.getSubcommands().values().forEach(HelpWrap::installIn);
    }

    /** TEXT with every line longer than WIDTH broken at spaces, continuations indented under their column. */
    static String wrap(String text) {
        return wrap(text, -1, 0);
    }

    /** INDENT (-1: found from each line) for continuations; LEAD characters stand before TEXT's first line. */
    private static String wrap(String text, int indent, int lead) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(String.join("\n", wrapLine(lines[i], indent, i == 0 ? lead : 0)));
        }
        return out.toString();
    }

    private static List<String> wrapLine(String line, int fixedIndent, int lead) {
        List<String> wrapped = new ArrayList<>();
        String indent = " ".repeat(fixedIndent >= 0 ? fixedIndent : continuationIndent(line));
        String rest = line;
        while (rest.length() + (wrapped.isEmpty() ? lead : 0) > WIDTH) {
            int width = WIDTH - (wrapped.isEmpty() ? lead : 0);
            int minimum = wrapped.isEmpty() ? firstBreakAfter(line) : indent.length() + 1;
            int space = rest.lastIndexOf(' ', width);
            if (space < minimum) {
                space = rest.indexOf(' ', width); // one word longer than the line: it stays whole
                if (space < 0) {
                    break;
                }
            }
            wrapped.add(rest.substring(0, space).stripTrailing());
            rest = indent + rest.substring(space + 1).stripLeading();
        }
        wrapped.add(rest);
        return wrapped;
    }

    /** Where a continuation starts: under the description (+2, as picocli indents), or at 0. */
    private static int continuationIndent(String line) {
        Matcher row = ROW.matcher(line);
        return row.find() ? row.end(1) + 2 : 0;
    }

    /** A first line is not broken inside its name column. */
    private static int firstBreakAfter(String line) {
        Matcher row = ROW.matcher(line);
        return row.find() ? row.end(1) : 1;
    }
}
