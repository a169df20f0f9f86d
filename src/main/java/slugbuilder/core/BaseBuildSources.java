package slugbuilder.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the base part of an app's Dockerfile (every instruction but ONBUILD) can read from the
 * build context: the sources of its COPY and ADD. The generated Dockerfiles' base parts read
 * nothing, so the base image's build need not upload the app (a 600 MB file took 8 s before
 * Step 1); an edited one that copies, say, an Aptfile gets that file. Whatever this cannot tell
 * for certain (a wildcard, a variable, a heredoc, a parent directory) sends the whole directory,
 * as before.
 */
final class BaseBuildSources {
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<String> paths;

    private BaseBuildSources(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    /** The sources DOCKERFILE's base part copies from the context, or empty when they cannot be told: then all of it. */
    static Optional<BaseBuildSources> of(String dockerfile) {
        List<String> paths = new ArrayList<>();
        for (String instruction : instructions(dockerfile)) {
            String[] words = instruction.strip().split("\\s+", 2);
            String keyword = words[0].toUpperCase(Locale.ROOT);
            String rest = words.length > 1 ? words[1].strip() : "";
            if (rest.contains("<<")) {
                return Optional.empty(); // a heredoc: its lines are no instructions of their own
            }
            if (!keyword.equals("COPY") && !keyword.equals("ADD")) {
                continue;
            }
            List<String> arguments = new ArrayList<>();
            boolean fromElsewhere = false;
            while (rest.startsWith("--")) {
                int end = rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ');
                fromElsewhere |= rest.substring(0, end).toLowerCase(Locale.ROOT).startsWith("--from=");
                rest = rest.substring(end).strip();
            }
            if (fromElsewhere) {
                continue; // another stage's or image's files
            }
            if (rest.startsWith("[")) {
                Matcher string = JSON_STRING.matcher(rest);
                while (string.find()) {
                    arguments.add(string.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            } else {
                arguments.addAll(List.of(rest.split("\\s+")));
            }
            for (String source : arguments.subList(0, Math.max(0, arguments.size() - 1))) {
                if (source.matches("(?i)(https?|git)://.*|git@.*")) {
                    continue; // ADD fetches it itself
                }
                String path = normalized(source);
                if (path == null) {
                    return Optional.empty();
                }
                paths.add(path);
            }
        }
        return Optional.of(new BaseBuildSources(paths));
    }

    /** A relative path with forward slashes, or null for one this cannot follow (the whole context, a pattern, a variable). */
    private static String normalized(String source) {
        if (source.matches(".*[*?\\[\\\\$].*")) {
            return null;
        }
        String path = source.replaceAll("/+", "/").replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
        }
        return path;
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped; ONBUILD ones left out. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\r?\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
                continue; // a comment, even inside a continued instruction, as docker reads it
            }
            boolean continues = stripped.endsWith("\\");
            current.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped)
                    .append(' ');
            if (!continues) {
                String instruction = current.toString().strip();
                if (!instruction.isEmpty()
                        && !instruction.toUpperCase(Locale.ROOT).startsWith("ONBUILD")) {
                    instructions.add(instruction);
                }
                current.setLength(0);
            }
        }
        if (current.length() > 0
                && !current.toString().strip().toUpperCase(Locale.ROOT).startsWith("ONBUILD")) {
            instructions.add(current.toString().strip());
        }
        return instructions;
    }

    /** The paths copied, relative to the app directory; empty when nothing is. */
    List<String> paths() {
        return paths;
    }

    /** Whether PATH (relative, forward slashes) goes in the base context: a source, inside one, or a directory on the way to one. */
    boolean covers(String path) {
        for (String source : paths) {
            if (path.equals(source) || path.startsWith(source + "/") || source.startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }
}
