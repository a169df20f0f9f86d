package slugbuilder.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import slugbuilder.SlugbuilderException;

/**
 * The app's {@code Procfile}: its process types and the commands that start them, in file order.
 * One {@code name: command} per line, {@code #} comments and blank lines skipped; anything else is
 * refused with the line it is on (docs/dialects.md, "Procfile"), as is a command longer than Linux passes as one argument
 * ({@link ExecLimits#MAX_STRING_BYTES}).
 */
public final class Procfile {
    public static final String NAME = "Procfile";
    /** The Platform API's limit for a process type name ({@code ^[-\w]{1,128}$}). */
    public static final int MAX_NAME_LENGTH = 128;
    // diff3-style conflicts add the ||||||| line; none of these can start a valid process line.
    private static final List<String> CONFLICT_MARKERS = List.of("<<<<<<<", "=======", ">>>>>>>", "|||||||");
    private static final String EXAMPLE = "web: npm start";

    /** One process type: its name, its command (trimmed), and the 1-based line that defines it. */
    public record Entry(String name, String command, int line) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(command, "command");
        }
    }

    /** The process type a platform's default command fills in when the Procfile has none. */
    public static final String WEB = "web";

    private final String fileName;
    private final Map<String, Entry> entries;
    // false when there is no file and web is the platform's default
    private final boolean onDisk;

    private Procfile(String fileName, Map<String, Entry> entries, boolean onDisk) {
        this.fileName = fileName;
        this.entries = entries;
        this.onDisk = onDisk;
    }

    /** The app's Procfile; a missing one is an error, since running a process needs it. */
    public static Procfile read(AppDir app) {
        return readIfPresent(app).orElseThrow(() -> missing(app, null));
    }

    /** The app's Procfile, if it has one (a bad one is an error all the same). */
    public static Optional<Procfile> readIfPresent(AppDir app) {
        return app.readText(NAME).map(text -> parse(NAME, text));
    }

    /** The error for an app that has no Procfile and needs one; SUGGESTION is a command for web, or null. */
    public static SlugbuilderException missing(AppDir app, String suggestion) {
        return SlugbuilderException.badFile(
                NAME, 0, "missing", missingHint(app, suggestion == null ? EXAMPLE : WEB + ": " + suggestion));
    }

    /** No Procfile at all: only web, running the platform's default COMMAND (no line: there is no file). */
    public static Procfile defaultWebOnly(String command) {
        return new Procfile(NAME, Map.of(WEB, new Entry(WEB, command, 0)), false);
    }

    /** This Procfile with web added, first, running the platform's default COMMAND (line 0: not in the file). */
    public Procfile withDefaultWeb(String command) {
        Map<String, Entry> withWeb = new LinkedHashMap<>();
        withWeb.put(WEB, new Entry(WEB, command, 0));
        entries.forEach(withWeb::putIfAbsent);
        return new Procfile(fileName, Collections.unmodifiableMap(withWeb), onDisk);
    }

    /**
     * Parses Procfile TEXT (CRLF and a UTF-8 byte-order mark accepted); FILE_NAME is how errors
     * name it. Throws {@link SlugbuilderException} naming the line for anything it refuses.
     */
    public static Procfile parse(String fileName, String text) {
        List<String> lines = TextLines.of(text);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Entry entry = new LineParser(fileName, i + 1).parse(line);
            Entry earlier = entries.putIfAbsent(entry.name(), entry);
            if (earlier != null) {
                throw SlugbuilderException.badFile(
                        fileName,
                        entry.line(),
                        "process type \"" + entry.name() + "\" is defined twice, on lines " + earlier.line() + " and "
                                + entry.line(),
                        "keep one of them, or give the other its own name (e.g. " + entry.name() + "2)");
            }
        }
        if (entries.isEmpty()) {
            throw SlugbuilderException.badFile(
                    fileName, 0, "defines no process type", "add a line such as  " + EXAMPLE);
        }
        return new Procfile(fileName, Collections.unmodifiableMap(entries), true);
    }

    /** Every process type, in file order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The process type called NAME (exact, case-sensitive), if the Procfile defines it. */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The process type called NAME; an error naming the Procfile and listing its process types otherwise. */
    public Entry require(String name) {
        if (!onDisk && find(name).isEmpty()) {
            throw SlugbuilderException.badFile(
                    fileName,
                    0,
                    "missing: without it there is only the platform's default web process, not \"" + name + "\"",
                    "create one with a line such as  " + name + ": <command>");
        }
        return find(name)
                .orElseThrow(() -> SlugbuilderException.badFile(
                        fileName,
                        0,
                        "no process type \"" + name + "\"; it defines " + String.join(", ", entries.keySet()),
                        "add a line such as  " + name + ": <command>  or choose one of the process types it defines"));
    }

    /** Process type name to command, in file order, as the Heroku Platform API takes them. */
    public Map<String, String> processTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        entries.values().forEach(entry -> types.put(entry.name(), entry.command()));
        return Collections.unmodifiableMap(types);
    }

    /** The Procfile as {@code name: command} lines; parsing the result gives the same entries. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Entry entry : entries.values()) {
            out.append(entry.name()).append(": ").append(entry.command()).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Procfile" + processTypes();
    }

    private static String missingHint(AppDir app, String example) {
        // Windows editors like to save "Procfile.txt"; case-sensitive file systems catch "procfile".
        return app.topLevelNames().stream()
                .filter(name -> !name.equals(NAME))
                .filter(name -> name.equalsIgnoreCase(NAME) || name.equalsIgnoreCase(NAME + ".txt"))
                .findFirst()
                .map(name -> "rename " + name + " to " + NAME + " (exactly that name: capital P, no extension)")
                .orElse("create one with a line such as  " + example);
    }

    /** One non-blank, non-comment line. */
    private record LineParser(String fileName, int line) {
        Entry parse(String text) {
            if (text.indexOf('\0') >= 0) {
                throw error(
                        "contains a NUL byte",
                        "save the " + fileName + " as UTF-8 text (NUL bytes usually mean UTF-16)");
            }
            for (String marker : CONFLICT_MARKERS) {
                if (text.startsWith(marker)) {
                    throw error(
                            "git merge-conflict marker " + marker,
                            "resolve the conflict: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines");
                }
            }
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw error(
                        "no ':' after a process type name", "write each process as  name: command, e.g.  " + EXAMPLE);
            }
            String name = text.substring(0, colon).strip();
            checkName(name);
            String command = text.substring(colon + 1).strip();
            if (command.isEmpty()) {
                throw error(
                        "process type \"" + name + "\" has no command",
                        "write the command after the colon, e.g.  " + name + ": npm start");
            }
            long bytes = ExecLimits.utf8Length(command);
            if (bytes > ExecLimits.MAX_STRING_BYTES) {
                throw error(
                        "the command of process type \"" + name + "\" is " + bytes
                                + " bytes long; Linux passes at most " + ExecLimits.MAX_STRING_BYTES
                                + " bytes per argument to a process",
                        "put the command in a script in the app (e.g. bin/" + name + ".sh) and run that");
            }
            return new Entry(name, command, line);
        }

        private void checkName(String name) {
            String hint = "use only letters, digits, _ and - in process type names, e.g. web, worker, release";
            if (name.isEmpty()) {
                throw error("no process type name before ':'", hint);
            }
            int bad = name.codePoints().filter(c -> !isNameChar(c)).findFirst().orElse(-1);
            if (bad >= 0) {
                throw error("process type name " + quoteShort(name) + " contains " + TextLines.describe(bad), hint);
            }
            if (name.length() > MAX_NAME_LENGTH) {
                throw error(
                        "process type name is " + name.length() + " characters long; the limit is " + MAX_NAME_LENGTH,
                        "shorten it");
            }
        }

        private static String quoteShort(String name) {
            return TextLines.quote(name, 40);
        }

        private static boolean isNameChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }

        private SlugbuilderException error(String problem, String hint) {
            return SlugbuilderException.badFile(fileName, line, problem, hint);
        }
    }
}
