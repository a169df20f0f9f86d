package slugbuilder.heroku;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The remotes of the git repository an app directory belongs to, read from its config file
 * (no git binary needed). Finds the repository the way git does: the nearest {@code .git} up from
 * the directory; a {@code .git} file ({@code gitdir: ...}, worktrees and submodules) and a
 * worktree's {@code commondir} are followed. Includes and {@code insteadOf} are not applied.
 */
final class GitConfig {
    private GitConfig() {
    }

    /** Remote name to its first {@code url}, in file order; empty when there is no repository. */
    static Map<String, String> remoteUrls(Path dir) {
        Optional<Path> config = configFile(dir);
        if (config.isEmpty()) {
            return Map.of();
        }
        try {
            return remoteUrls(Files.readString(config.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Map.of();
        }
    }

    static Optional<Path> configFile(Path dir) {
        for (Path at = dir.toAbsolutePath().normalize(); at != null; at = at.getParent()) {
            Path dotGit = at.resolve(".git");
            try {
                Path gitDir;
                if (Files.isDirectory(dotGit)) {
                    gitDir = dotGit;
                } else if (Files.isRegularFile(dotGit)) {
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (!line.startsWith("gitdir:")) {
                        return Optional.empty();
                    }
                    gitDir = at.resolve(line.substring("gitdir:".length()).strip()).normalize();
                } else {
                    continue;
                }
                Path commonDir = gitDir.resolve("commondir");
                if (Files.isRegularFile(commonDir)) {
                    gitDir = gitDir.resolve(Files.readString(commonDir, StandardCharsets.UTF_8).strip()).normalize();
                }
                Path config = gitDir.resolve("config");
                return Files.isRegularFile(config) ? Optional.of(config) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Remote name to its first {@code url} in config TEXT, following git's config syntax. */
    static Map<String, String> remoteUrls(String text) {
        Map<String, String> urls = new LinkedHashMap<>();
        Parser parser = new Parser(text);
        parser.parse((section, subsection, key, value) -> {
            if (section.equals("remote") && subsection != null && key.equals("url") && value != null) {
                urls.putIfAbsent(subsection, value);
            }
        });
        return urls;
    }

    @FunctionalInterface
    interface Visitor {
        /** SECTION and KEY lower-cased; SUBSECTION as written (null if none); VALUE null for a bare key. */
        void entry(String section, String subsection, String key, String value);
    }

    static final class Parser {
        private final String text;
        private int pos;
        private String section = "";
        private String subsection;

        Parser(String text) {
            this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        }

        void parse(Visitor visitor) {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                    pos++;
                } else if (c == '#' || c == ';') {
                    skipLine();
                } else if (c == '[') {
                    if (!header()) {
                        skipLine();
                    }
                } else if (Character.isLetter(c)) {
                    int start = pos;
                    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
                        pos++;
                    }
                    String key = text.substring(start, pos).toLowerCase(Locale.ROOT);
                    skipBlanks();
                    if (pos < text.length() && text.charAt(pos) == '=') {
                        pos++;
                        visitor.entry(section, subsection, key, value());
                    } else {
                        visitor.entry(section, subsection, key, null);
                        skipLine();
                    }
                } else {
                    skipLine();
                }
            }
        }

        /** {@code [section]}, {@code [section "sub"]} or the old {@code [section.sub]}. */
        private boolean header() {
            pos++;
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '-'
                    || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            String sub = null;
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '"') {
                pos++;
                StringBuilder quoted = new StringBuilder();
                while (pos < text.length() && text.charAt(pos) != '"' && text.charAt(pos) != '\n') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    quoted.append(c);
                }
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    return false;
                }
                pos++;
                sub = quoted.toString();
            } else {
                int dot = name.indexOf('.');
                if (dot >= 0) {
                    sub = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                    name = name.substring(0, dot);
                }
            }
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != ']') {
                return false;
            }
            pos++;
            section = name.toLowerCase(Locale.ROOT);
            subsection = sub;
            return true;
        }

        /** A value: quotes group, backslash escapes, # or ; outside quotes start a comment. */
        private String value() {
            StringBuilder value = new StringBuilder();
            boolean quoted = false;
            int trailingBlanks = 0;
            skipBlanks();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    break;
                }
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    continue;
                }
                if (!quoted && (c == '#' || c == ';')) {
                    skipLine();
                    break;
                }
                if (c == '"') {
                    quoted = !quoted;
                    trailingBlanks = 0;
                    continue;
                }
                if (c == '\\' && pos < text.length()) {
                    char escaped = text.charAt(pos++);
                    if (escaped == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                        continue; // line continuation
                    }
                    switch (escaped) {
                        case '\n': continue; // line continuation
                        case 'n': value.append('\n'); break;
                        case 't': value.append('\t'); break;
                        case 'b': if (value.length() > 0) { value.setLength(value.length() - 1); } break;
                        default: value.append(escaped); break;
                    }
                    trailingBlanks = 0;
                    continue;
                }
                value.append(c);
                trailingBlanks = !quoted && (c == ' ' || c == '\t') ? trailingBlanks + 1 : 0;
            }
            value.setLength(value.length() - trailingBlanks);
            return value.toString();
        }

        private void skipBlanks() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipLine() {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }
    }
}
