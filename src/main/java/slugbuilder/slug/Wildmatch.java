package slugbuilder.slug;

import java.nio.charset.StandardCharsets;

/**
 * git's {@code wildmatch.c} (the matcher behind .gitignore), ported byte for byte so that
 * {@link SlugIgnore} agrees with {@code git check-ignore}. It works on the UTF-8 bytes of the
 * pattern and the path, as git does: {@code ?} and {@code [...]} match one byte, so they do not
 * match a character that takes several bytes.
 *
 * <ul>
 *   <li>{@code *} matches any run of bytes, {@code ?} any one byte; with {@code pathname} neither
 *       crosses a {@code /}.</li>
 *   <li>{@code **} between slashes (or at either end of the pattern) matches across directories:
 *       {@code **}{@code /x} at any depth, {@code x/**} everything inside, {@code a/**}{@code /b}
 *       zero or more directories. Elsewhere {@code **} is a plain {@code *}.</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!a]} and {@code [^a]}, {@code [[:alpha:]]} (ASCII
 *       classes); a backslash makes the next byte literal.</li>
 *   <li>A malformed bracket ({@code [abc} or an unknown {@code [:class:]}) matches nothing, as in git.</li>
 * </ul>
 */
final class Wildmatch {
    private static final int MATCH = 0;
    private static final int NOMATCH = 1;
    private static final int ABORT_ALL = -1;
    private static final int ABORT_TO_STARSTAR = -2;

    private Wildmatch() {}

    /**
     * Whether PATTERN matches all of TEXT.
     *
     * @param pathname git's {@code WM_PATHNAME}: wildcards other than {@code **} stop at {@code /}
     */
    static boolean matches(byte[] pattern, byte[] text, boolean pathname) {
        return dowild(pattern, 0, text, 0, pathname) == MATCH;
    }

    /** The byte at I as 0..255, or 0 past the end (C's terminating NUL). */
    private static int at(byte[] bytes, int i) {
        return i < bytes.length ? bytes[i] & 0xff : 0;
    }

    private static int indexOfSlash(byte[] text, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isGlobSpecial(int c) {
        return c == '*' || c == '?' || c == '[' || c == '\\';
    }

    @SuppressWarnings("fallthrough")
    private static int dowild(byte[] pat, int p, byte[] text, int t, boolean pathname) {
        int pCh;
        for (; (pCh = at(pat, p)) != 0; t++, p++) {
            int tCh = at(text, t);
            if (tCh == 0 && pCh != '*') {
                return ABORT_ALL;
            }
            switch (pCh) {
                case '\\':
                    // literal match with the following byte; a trailing backslash matches nothing
                    pCh = at(pat, ++p);
                    if (pCh == 0) {
                        return ABORT_ALL;
                    }
                // fall through
                default:
                    if (tCh != pCh) {
                        return NOMATCH;
                    }
                    continue;
                case '?':
                    if (pathname && tCh == '/') {
                        return NOMATCH;
                    }
                    continue;
                case '*': {
                    boolean matchSlash;
                    if (at(pat, ++p) == '*') {
                        int prevP = p - 2;
                        while (at(pat, ++p) == '*') {
                            // collapse a run of stars
                        }
                        if ((prevP < 0 || at(pat, prevP) == '/')
                                && (at(pat, p) == 0
                                        || at(pat, p) == '/'
                                        || (at(pat, p) == '\\' && at(pat, p + 1) == '/'))) {
                            // "foo/**/bar" also matches "foo/bar": try "**/" as matching nothing first
                            if (at(pat, p) == '/' && dowild(pat, p + 1, text, t, pathname) == MATCH) {
                                return MATCH;
                            }
                            matchSlash = true;
                        } else {
                            matchSlash = false;
                        }
                    } else {
                        matchSlash = !pathname;
                    }
                    if (at(pat, p) == 0) {
                        // a trailing "**" matches everything, a trailing "*" only without a further slash
                        if (!matchSlash && indexOfSlash(text, t) >= 0) {
                            return NOMATCH;
                        }
                        return MATCH;
                    } else if (!matchSlash && at(pat, p) == '/') {
                        // one star followed by a slash matches up to the next directory
                        int slash = indexOfSlash(text, t);
                        if (slash < 0) {
                            return NOMATCH;
                        }
                        t = slash;
                        break; // the loop's t++, p++ consume the slash
                    }
                    while (true) {
                        if (tCh == 0) {
                            break;
                        }
                        if (!isGlobSpecial(at(pat, p))) {
                            // skip ahead to the next occurrence of the literal that follows the star
                            pCh = at(pat, p);
                            while ((tCh = at(text, t)) != 0 && (matchSlash || tCh != '/')) {
                                if (tCh == pCh) {
                                    break;
                                }
                                t++;
                            }
                            if (tCh != pCh) {
                                return NOMATCH;
                            }
                        }
                        int matched = dowild(pat, p, text, t, pathname);
                        if (matched != NOMATCH) {
                            if (!matchSlash || matched != ABORT_TO_STARSTAR) {
                                return matched;
                            }
                        } else if (!matchSlash && tCh == '/') {
                            return ABORT_TO_STARSTAR;
                        }
                        tCh = at(text, ++t);
                    }
                    return ABORT_ALL;
                }
                case '[': {
                    pCh = at(pat, ++p);
                    if (pCh == '^') {
                        pCh = '!';
                    }
                    boolean negated = pCh == '!';
                    if (negated) {
                        pCh = at(pat, ++p);
                    }
                    int prevCh = 0;
                    boolean matched = false;
                    while (true) {
                        if (pCh == 0) {
                            return ABORT_ALL;
                        }
                        if (pCh == '\\') {
                            pCh = at(pat, ++p);
                            if (pCh == 0) {
                                return ABORT_ALL;
                            }
                            if (tCh == pCh) {
                                matched = true;
                            }
                        } else if (pCh == '-' && prevCh != 0 && at(pat, p + 1) != 0 && at(pat, p + 1) != ']') {
                            pCh = at(pat, ++p);
                            if (pCh == '\\') {
                                pCh = at(pat, ++p);
                                if (pCh == 0) {
                                    return ABORT_ALL;
                                }
                            }
                            if (tCh <= pCh && tCh >= prevCh) {
                                matched = true;
                            }
                            pCh = 0; // so that prevCh becomes 0: "a-c-e" is a-c, '-', 'e'
                        } else if (pCh == '[' && at(pat, p + 1) == ':') {
                            int s = p + 2;
                            p = s;
                            while ((pCh = at(pat, p)) != 0 && pCh != ']') {
                                p++;
                            }
                            if (pCh == 0) {
                                return ABORT_ALL;
                            }
                            int length = p - s - 1;
                            if (length < 0 || at(pat, p - 1) != ':') {
                                // no ":]": a plain '['
                                p = s - 2;
                                pCh = '[';
                                if (tCh == pCh) {
                                    matched = true;
                                }
                            } else {
                                Boolean inClass = inClass(new String(pat, s, length, StandardCharsets.ISO_8859_1), tCh);
                                if (inClass == null) {
                                    return ABORT_ALL; // malformed [:class:]
                                }
                                if (inClass) {
                                    matched = true;
                                }
                                pCh = 0;
                            }
                        } else if (tCh == pCh) {
                            matched = true;
                        }
                        prevCh = pCh;
                        pCh = at(pat, ++p);
                        if (pCh == ']') {
                            break;
                        }
                    }
                    if (matched == negated || (pathname && tCh == '/')) {
                        return NOMATCH;
                    }
                    continue;
                }
            }
        }
        return t < text.length ? NOMATCH : MATCH;
    }

    /** git's ASCII-only character classes; null for an unknown class name. */
    private static Boolean inClass(String name, int c) {
        boolean upper = c >= 'A' && c <= 'Z';
        boolean lower = c >= 'a' && c <= 'z';
        boolean digit = c >= '0' && c <= '9';
        boolean graph = c > ' ' && c < 0x7f;
        return switch (name) {
            case "alnum" -> upper || lower || digit;
            case "alpha" -> upper || lower;
            case "blank" -> c == ' ' || c == '\t';
            case "cntrl" -> c < ' ' || c == 0x7f;
            case "digit" -> digit;
            case "graph" -> graph;
            case "lower" -> lower;
            case "print" -> graph || c == ' ';
            case "punct" -> graph && !(upper || lower || digit);
            case "space" -> c == ' ' || c == '\t' || c == '\n' || c == '\r';
            case "upper" -> upper;
            case "xdigit" -> digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            default -> null;
        };
    }
}
