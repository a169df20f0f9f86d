package slugbuilder.dockerignore;

/** Go's path/filepath.Match on Unix, used only as moby uses it: to reject bad patterns. */
final class GoGlob {
    private GoGlob() {}

    static final class BadPattern extends Exception {
        BadPattern() {
            super("syntax error in pattern", null, false, false);
        }
    }

    static boolean valid(String pattern) {
        try {
            match(pattern, ".");
            return true;
        } catch (BadPattern e) {
            return false;
        }
    }

    static boolean match(String pattern, String name) throws BadPattern {
        int[] pat = pattern.codePoints().toArray();
        int[] nm = name.codePoints().toArray();
        int p = 0;
        int s = 0;
        pattern:
        while (p < pat.length) {
            boolean star = false;
            while (p < pat.length && pat[p] == '*') {
                p++;
                star = true;
            }
            int chunkEnd = scanChunk(pat, p);
            int cStart = p;
            p = chunkEnd;
            if (star && cStart == chunkEnd) {
                for (int i = s; i < nm.length; i++) {
                    if (nm[i] == '/') {
                        return false;
                    }
                }
                return true;
            }
            int t = matchChunk(pat, cStart, chunkEnd, nm, s);
            if (t >= 0 && (t == nm.length || p < pat.length)) {
                s = t;
                continue;
            }
            if (star) {
                for (int i = s; i < nm.length && nm[i] != '/'; i++) {
                    t = matchChunk(pat, cStart, chunkEnd, nm, i + 1);
                    if (t >= 0) {
                        if (p == pat.length && t < nm.length) {
                            continue;
                        }
                        s = t;
                        continue pattern;
                    }
                }
            }
            while (p < pat.length) {
                while (p < pat.length && pat[p] == '*') {
                    p++;
                }
                int end = scanChunk(pat, p);
                matchChunk(pat, p, end, nm, nm.length);
                p = end;
            }
            return false;
        }
        return s == nm.length;
    }

    /** End of the chunk starting at p (after the stars). */
    private static int scanChunk(int[] pat, int p) {
        boolean inrange = false;
        int i = p;
        for (; i < pat.length; i++) {
            int c = pat[i];
            if (c == '\\') {
                if (i + 1 < pat.length) {
                    i++;
                }
            } else if (c == '[') {
                inrange = true;
            } else if (c == ']') {
                inrange = false;
            } else if (c == '*' && !inrange) {
                break;
            }
        }
        return i;
    }

    /** Index in name after the match, or -1 when it fails; throws on a bad chunk. */
    private static int matchChunk(int[] pat, int c, int end, int[] nm, int s) throws BadPattern {
        boolean failed = false;
        while (c < end) {
            if (!failed && s == nm.length) {
                failed = true;
            }
            int ch = pat[c];
            if (ch == '[') {
                int r = 0;
                if (!failed) {
                    r = nm[s++];
                }
                c++;
                boolean negated = false;
                if (c < end && pat[c] == '^') {
                    negated = true;
                    c++;
                }
                boolean match = false;
                int nrange = 0;
                while (true) {
                    if (c < end && pat[c] == ']' && nrange > 0) {
                        c++;
                        break;
                    }
                    int[] lo = getEsc(pat, c, end);
                    c = lo[1];
                    int hi = lo[0];
                    if (pat[c] == '-') {
                        int[] h = getEsc(pat, c + 1, end);
                        hi = h[0];
                        c = h[1];
                    }
                    if (lo[0] <= r && r <= hi) {
                        match = true;
                    }
                    nrange++;
                }
                if (match == negated) {
                    failed = true;
                }
            } else if (ch == '?') {
                if (!failed) {
                    if (nm[s] == '/') {
                        failed = true;
                    }
                    s++;
                }
                c++;
            } else {
                if (ch == '\\') {
                    c++;
                    if (c == end) {
                        throw new BadPattern();
                    }
                }
                if (!failed) {
                    if (pat[c] != nm[s]) {
                        failed = true;
                    }
                    s++;
                }
                c++;
            }
        }
        return failed ? -1 : s;
    }

    /** {rune, index after it}. */
    private static int[] getEsc(int[] pat, int c, int end) throws BadPattern {
        if (c == end || pat[c] == '-' || pat[c] == ']') {
            throw new BadPattern();
        }
        if (pat[c] == '\\') {
            c++;
            if (c == end) {
                throw new BadPattern();
            }
        }
        int r = pat[c++];
        if (c == end) {
            throw new BadPattern();
        }
        return new int[] {r, c};
    }
}
