package slugbuilder.dockerignore;

/** The few Go library functions on paths and text that moby's pattern code relies on, on Unix. */
final class GoPath {
    private GoPath() {}

    /** Go's path.Clean (filepath.Clean on Unix). */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++;
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (out.length() > 0) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if (rooted && out.length() != 1 || !rooted && out.length() != 0) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        return out.length() == 0 ? "." : out.toString();
    }

    /** Go's filepath.Dir on Unix. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(path.substring(0, slash + 1));
    }

    /** Go's strings.TrimSpace: unicode.IsSpace at both ends. */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(int r) {
        if (r <= 0xFF) {
            return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' ' || r == 0x85 || r == 0xA0;
        }
        return r == 0x1680
                || (r >= 0x2000 && r <= 0x200A)
                || r == 0x2028
                || r == 0x2029
                || r == 0x202F
                || r == 0x205F
                || r == 0x3000;
    }
}
