package slugbuilder.dockerignore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.TextLines;

/**
 * moby's {@code ignorefile.ReadAll}: the patterns of a {@code .dockerignore}'s text, each with
 * its line. Lines end at LF (a CR before it is dropped); a line whose first character is
 * {@code #} is a comment (an indented {@code #} is a pattern); the rest is trimmed, a leading
 * {@code !} marks an exception, the pattern is cleaned like Go's {@code filepath.Clean} and one
 * leading {@code /} is dropped.
 */
final class IgnoreFileReader {
    // bufio.Scanner's default limit: docker fails with "token too long" on such a line.
    private static final int MAX_LINE_BYTES = 64 * 1024;

    /** A pattern as ReadAll returns it (an exception keeps its {@code !}), and its 1-based line. */
    record Line(String pattern, int number) {}

    private IgnoreFileReader() {}

    /** TEXT's patterns; the caller has dropped the byte-order mark, which ReadAll strips once. */
    static List<Line> readAll(String text) {
        List<Line> out = new ArrayList<>();
        List<String> lines = TextLines.splitOnLf(text);
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.getBytes(StandardCharsets.UTF_8).length >= MAX_LINE_BYTES) {
                throw SlugbuilderException.badFile(
                        DockerIgnore.NAME,
                        lineNo,
                        "line too long",
                        "docker reads .dockerignore lines of up to 64 KiB; split the pattern");
            }
            line = TextLines.withoutCr(line);
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = GoPath.trimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = GoPath.trimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            out.add(new Line(invert ? "!" + pattern : pattern, lineNo));
        }
        return out;
    }
}
