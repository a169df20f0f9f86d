package slugbuilder.heroku;

import java.util.LinkedHashMap;
import java.util.Map;
import slugbuilder.git.Git;

/**
 * The remotes of the git repository an app directory belongs to, as {@code git config} reports
 * them, so git finds the repository (worktrees and submodules included) and reads its config
 * (includes included). Without git, or outside a repository, there are none.
 */
final class GitRemotes {
    private static final String URL_KEYS = "^remote\\..*\\.url$";

    private GitRemotes() {}

    /** Remote name to its first {@code url}, in config order; empty without git or a repository. */
    static Map<String, String> urls(Git git) {
        return git.output("config", "--null", "--get-regexp", URL_KEYS)
                .map(GitRemotes::parse)
                .orElse(Map.of());
    }

    /**
     * {@code git config --null --get-regexp} output: each entry is its key, a line feed, and its
     * value, ended by a NUL. The key is {@code remote.NAME.url}, where NAME (as written, dots
     * allowed) is what lies between the first and the last dot.
     */
    static Map<String, String> parse(String output) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String entry : output.split("\0")) {
            int newline = entry.indexOf('\n');
            String key = newline < 0 ? entry : entry.substring(0, newline);
            int first = key.indexOf('.');
            int last = key.lastIndexOf('.');
            if (newline < 0 || first < 0 || last <= first) {
                continue;
            }
            urls.putIfAbsent(key.substring(first + 1, last), entry.substring(newline + 1));
        }
        return urls;
    }
}
