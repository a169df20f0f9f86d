package slugbuilder.heroku;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import slugbuilder.app.TextLines;

/**
 * A {@code .netrc} file as ftp, curl and the Heroku CLI read it: whitespace-separated tokens on
 * one line or many; {@code machine NAME} or {@code default} starts an entry, {@code login},
 * {@code password} and {@code account} fill it; {@code macdef NAME} is skipped up to the next
 * blank line; {@code #} starts a comment up to the end of the line. A double-quoted value may
 * hold spaces ({@code \"} and {@code \\} escapes), as curl accepts.
 */
final class Netrc {
    /** One entry; MACHINE is null for {@code default}. */
    record Entry(String machine, String login, String password) {
        @Override
        public String toString() {
            return "Netrc.Entry[machine=" + (machine == null ? "default" : machine) + ", login=" + login + ", password="
                    + (password == null ? "none" : "<redacted>") + "]";
        }
    }

    private final List<Entry> entries;

    private Netrc(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The entry for HOST: the first {@code machine HOST} (case-insensitive), else the
     * {@code default} entry; as curl, a machine entry wins even without a password.
     */
    Optional<Entry> lookup(String host) {
        for (Entry entry : entries) {
            if (entry.machine() != null && entry.machine().equalsIgnoreCase(host)) {
                return Optional.of(entry);
            }
        }
        return entries.stream().filter(entry -> entry.machine() == null).findFirst();
    }

    static Netrc parse(String text) {
        Tokenizer tokens = new Tokenizer(text);
        List<Entry> entries = new ArrayList<>();
        boolean inEntry = false;
        String machine = null;
        String login = null;
        String password = null;
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            switch (token) {
                case "machine":
                case "default":
                    if (inEntry) {
                        entries.add(new Entry(machine, login, password));
                    }
                    inEntry = true;
                    machine = token.equals("machine") ? orEmpty(tokens.next()) : null;
                    login = null;
                    password = null;
                    break;
                case "login":
                    login = tokens.next();
                    break;
                case "password":
                    password = tokens.next();
                    break;
                case "account":
                    tokens.next();
                    break;
                case "macdef":
                    tokens.next();
                    tokens.skipMacro();
                    break;
                default:
                    // unknown words are skipped, as ftp does
                    break;
            }
        }
        if (inEntry) {
            entries.add(new Entry(machine, login, password));
        }
        return new Netrc(entries);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final class Tokenizer {
        private final String text;
        private int pos;

        Tokenizer(String text) {
            this.text = TextLines.withoutBom(text);
        }

        /** The next token, or null at the end. */
        String next() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (pos >= text.length()) {
                return null;
            }
            StringBuilder token = new StringBuilder();
            if (text.charAt(pos) == '"') {
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    token.append(c);
                }
                pos++; // the closing quote
                return token.toString();
            }
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                token.append(text.charAt(pos++));
            }
            return token.toString();
        }

        /** A macro's body: the rest of its line, then every line up to an empty one. */
        void skipMacro() {
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0) {
                pos = text.length();
                return;
            }
            pos = lineEnd + 1;
            while (pos < text.length()) {
                int end = text.indexOf('\n', pos);
                String line = end < 0 ? text.substring(pos) : text.substring(pos, end);
                pos = end < 0 ? text.length() : end + 1;
                if (line.strip().isEmpty()) {
                    return;
                }
            }
        }
    }
}
