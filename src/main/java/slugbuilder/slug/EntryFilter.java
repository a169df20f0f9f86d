package slugbuilder.slug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * Checks, classifies and filters the engine's entries: what {@code .slugignore} and the
 * {@code .git} rule exclude below the app root stays out, FIFOs, devices and entries of unknown
 * types are skipped with a warning, and a name outside {@code app/} is refused. Counts what it
 * leaves out.
 */
final class EntryFilter {
    private final SlugOptions options;
    private final Consumer<String> warnings;
    private final Map<String, String> skippedNames = new HashMap<>(); // rel -> what it was, for hard links to it
    int seen;
    int skipped;
    int excluded;

    EntryFilter(SlugOptions options, Consumer<String> warnings) {
        this.options = options;
        this.warnings = warnings;
    }

    /** The entry as it goes into the slug, or null when it stays out. */
    SlugEntry accept(EngineEntry entry) {
        seen++;
        String name = entry.name;
        String rel = insideApp(name, name);
        boolean isDir = entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink();
        if (excludedBy(rel, isDir) != null) {
            excluded++;
            return null;
        }
        String special = entry.isFifo()
                ? "a FIFO"
                : entry.isCharacterDevice() ? "a character device" : entry.isBlockDevice() ? "a block device" : null;
        SlugEntry kept = new SlugEntry();
        kept.rel = rel;
        if (entry.isSymbolicLink()) {
            kept.kind = SlugEntry.Kind.SYMLINK;
            kept.link = entry.linkName;
        } else if (entry.isLink()) {
            String target = insideApp(entry.linkName, name);
            if (target.isEmpty() || target.equals(rel)) {
                throw outside(name, "a hard link to " + (target.isEmpty() ? "/app itself" : "itself"));
            }
            String what = skippedNames.get(target);
            if (what != null) {
                skip(rel, name, "a hard link to " + what);
                return null;
            }
            String why = excludedBy(target, false);
            if (why != null) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "/" + stripSlash(name) + " is a hard link to /" + stripSlash(entry.linkName) + ", which " + why
                                + " leaves out of the slug",
                        "a slug can only link to a file it carries: leave out both names or neither");
            }
            kept.kind = SlugEntry.Kind.HARDLINK;
            kept.link = target;
        } else if (special != null) {
            skip(rel, name, special);
            return null;
        } else if (isDir) {
            kept.kind = SlugEntry.Kind.DIR;
        } else if (entry.isRegular()) {
            if (entry.sparse) {
                throw new SlugbuilderException(
                        ExitCode.ENGINE,
                        "the engine's archive of /app holds an entry that cannot be read: " + name,
                        "it is stored in a tar format this reader does not support (a sparse file?)");
            }
            kept.kind = SlugEntry.Kind.FILE;
            kept.size = entry.size;
        } else {
            skip(rel, name, "an entry of unknown type '" + (char) entry.type + "'");
            return null;
        }
        kept.mode = entry.mode;
        kept.uid = entry.uid;
        kept.gid = entry.gid;
        kept.user = entry.user;
        kept.group = entry.group;
        kept.mtime = entry.mtime;
        return kept;
    }

    private void skip(String rel, String name, String what) {
        skipped++;
        skippedNames.put(rel, what);
        warnings.accept("skipped " + what + ": " + stripSlash(name));
    }

    /**
     * What leaves PATH (relative to /app) out of the slug: "the .git rule", ".slugignore:3: /tmp",
     * or null when it stays. Only paths below the app root can be excluded.
     */
    private String excludedBy(String rel, boolean isDirectory) {
        String root = options.appRoot();
        String inRoot;
        if (root.isEmpty()) {
            inRoot = rel;
        } else if (rel.startsWith(root + "/")) {
            inRoot = rel.substring(root.length() + 1);
        } else {
            return null;
        }
        if (inRoot.isEmpty()) {
            return null;
        }
        if (inRoot.equals(".git") || inRoot.startsWith(".git/")) {
            return "the .git rule";
        }
        return options.ignore().matchingPattern(inRoot, isDirectory).orElse(null);
    }

    /**
     * NAME (an entry's name or a hard link's target) relative to /app, normalized ("" for
     * /app itself), or an error when it lies outside.
     *
     * <p>ExitCode.ENGINE, not BAD_INPUT: the entries come from the engine's walk of the
     * container's /app, which produces names below {@code app/} whatever the app's files are
     * (a symlink is stored as a symlink, a hard link only to a file met earlier in the same
     * walk). A name outside means the engine's answer is corrupt or hostile; nothing in the
     * app's files could fix it.
     */
    private static String insideApp(String name, String entryName) {
        if (name.startsWith("/")) {
            throw outside(entryName, "an absolute name: " + name);
        }
        if (!name.equals("app") && !name.startsWith("app/")) {
            throw outside(entryName, "a name outside app/: " + name);
        }
        if (isPlain(name)) {
            int end = name.endsWith("/") ? name.length() - 1 : name.length();
            return end <= 4 ? "" : name.substring(4, end);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.substring(3).split("/")) {
            if (segment.equals("..")) {
                throw outside(entryName, "a name with a '..' segment: " + name);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /**
     * Whether NAME (below app/) is already normal: no empty, "." or ".." segment except one
     * trailing slash. Most are, and they need no split.
     */
    private static boolean isPlain(String name) {
        int n = name.length();
        int segmentStart = 4; // after "app/"
        for (int i = 4; i <= n; i++) {
            if (i == n || name.charAt(i) == '/') {
                int length = i - segmentStart;
                if (length == 0 && i != n) {
                    return false; // "//" (or "app//")
                }
                if (length == 1 && name.charAt(segmentStart) == '.'
                        || length == 2 && name.charAt(segmentStart) == '.' && name.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    private static SlugbuilderException outside(String entryName, String problem) {
        return new SlugbuilderException(
                ExitCode.ENGINE,
                "the engine's archive of /app has an entry that would land outside /app: \"" + entryName + "\" ("
                        + problem + ")",
                "a Docker engine never sends this for a container's /app; check that DOCKER_HOST points at an engine you trust");
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
}
