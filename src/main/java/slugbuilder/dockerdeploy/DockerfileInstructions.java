package slugbuilder.dockerdeploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile's final stage (the one that becomes the image), each with the
 * line it starts on: enough to name the line of an instruction Heroku's runtime ignores. Follows
 * BuildKit's reading: comment lines, line continuations (the escape directive's character),
 * and here-documents, whose lines are no instructions.
 */
public final class DockerfileInstructions {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("(?i)^#\\s*escape\\s*=\\s*([\\\\`])\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*[A-Za-z]+\\s*=.*$");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\1");

    /** FROM's arguments end with "AS name" when the stage has a name (after --platform and the image). */
    private static final Pattern STAGE_NAME = Pattern.compile("(?i)\\s+as\\s+(\\S+)\\s*$");

    private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");

    /** One instruction: KEYWORD in capitals, its ARGUMENTS joined onto one line, the LINE it starts on (1-based). */
    public record Instruction(String keyword, String arguments, int line) {}

    private DockerfileInstructions() {}

    /** The instructions after the last FROM, in order (all of them when there is no FROM). */
    public static List<Instruction> finalStage(String text) {
        List<Instruction> stage = new ArrayList<>();
        for (Instruction instruction : all(text)) {
            if (instruction.keyword().equals("FROM")) {
                stage.clear();
            }
            stage.add(instruction);
        }
        return stage;
    }

    /** The stage names its FROM lines give ({@code FROM image AS name}), in order. */
    public static List<String> stageNames(String text) {
        List<String> names = new ArrayList<>();
        for (Instruction instruction : all(text)) {
            Matcher as = STAGE_NAME.matcher(instruction.arguments());
            if (instruction.keyword().equals("FROM") && as.find()) {
                names.add(as.group(1));
            }
        }
        return names;
    }

    /**
     * The instructions of the stage named NAME (matched as BuildKit matches --target, ignoring
     * case), from its FROM line up to the next FROM; empty when no stage has that name.
     */
    public static List<Instruction> stage(String text, String name) {
        List<Instruction> stage = new ArrayList<>();
        boolean inside = false;
        for (Instruction instruction : all(text)) {
            if (instruction.keyword().equals("FROM")) {
                Matcher as = STAGE_NAME.matcher(instruction.arguments());
                inside = as.find() && as.group(1).equalsIgnoreCase(name);
            }
            if (inside) {
                stage.add(instruction);
            }
        }
        return stage;
    }

    /** Every instruction, in order. */
    public static List<Instruction> all(String text) {
        String[] lines = text.split("\r?\n", -1);
        char escape = '\\';
        int first = 0;
        // parser directives: only at the very top, before any comment, blank line or instruction
        while (first < lines.length && DIRECTIVE.matcher(lines[first].strip()).matches()) {
            Matcher directive = ESCAPE_DIRECTIVE.matcher(lines[first].strip());
            if (directive.matches()) {
                escape = directive.group(1).charAt(0);
            }
            first++;
        }
        List<Instruction> instructions = new ArrayList<>();
        int i = first;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            while (true) {
                String part = lines[i].strip();
                i++;
                if (part.startsWith("#") && joined.length() > 0) {
                    if (i >= lines.length) {
                        break;
                    }
                    continue; // a comment inside a continued instruction is dropped
                }
                if (part.endsWith(String.valueOf(escape)) && i < lines.length) {
                    joined.append(part, 0, part.length() - 1).append(' ');
                    continue;
                }
                joined.append(part);
                break;
            }
            String whole = joined.toString().strip();
            int space = whole.indexOf(' ');
            String keyword = (space < 0 ? whole : whole.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : whole.substring(space + 1).strip();
            instructions.add(new Instruction(keyword, arguments, start));
            Matcher heredoc = HEREDOC.matcher(arguments);
            while (HEREDOC_KEYWORDS.contains(keyword) && heredoc.find()) {
                String end = heredoc.group(2);
                while (i < lines.length && !lines[i].strip().equals(end)) {
                    i++;
                }
                i++;
            }
        }
        return instructions;
    }
}
