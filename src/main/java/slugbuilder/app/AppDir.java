package slugbuilder.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The directory of the app slugbuilder works on. All reads go through here, by names
 * relative to the app root, so errors name the file the way the user sees it.
 */
public final class AppDir {
    private static final String LINK_HINT = "replace the link with the file itself, or point it at a file that exists";

    private final Path root;

    private AppDir(Path root) {
        this.root = root;
    }

    /** Opens DIR, given as a command's argument, refusing anything that is not a readable directory. */
    public static AppDir open(Path dir) {
        return open(dir, "pass it as an argument");
    }

    /** Opens DIR; HOW_TO_PASS says, for the hint, how the command takes another directory. */
    public static AppDir open(Path dir, String howToPass) {
        Path abs = dir.toAbsolutePath().normalize();
        Optional<String> link = linkProblem(abs);
        if (link.isPresent()) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, abs + ": " + link.get(), "pass the app's directory itself, or fix the link");
        }
        if (!Files.exists(abs)) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    abs + ": no such directory",
                    "run slugbuilder in your app's directory, or " + howToPass);
        }
        if (!Files.isDirectory(abs)) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, abs + ": not a directory", "pass the app's directory, not a file in it");
        }
        if (!Files.isReadable(abs) || !Files.isExecutable(abs)) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, abs + ": directory is not readable", "check its permissions (chmod u+rx)");
        }
        return new AppDir(abs);
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** True when RELATIVE names a regular file (links to one count) in the app. */
    public boolean hasFile(String relative) {
        return Files.isRegularFile(root.resolve(relative));
    }

    public boolean hasDirectory(String relative) {
        return Files.isDirectory(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The first file, in name order, matching a glob; globs may name one directory level,
     * e.g. {@code project/*.sbt}. The result is relative to the app root.
     */
    public Optional<String> firstMatch(String glob) {
        int slash = glob.lastIndexOf('/');
        String prefix = slash < 0 ? "" : glob.substring(0, slash + 1);
        Path dir = root.resolve(prefix.isEmpty() ? "." : prefix).normalize();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob.substring(slash + 1));
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(entry -> Files.isRegularFile(entry) && matcher.matches(entry.getFileName()))
                    .map(entry -> prefix + entry.getFileName())
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            throw unreadable(glob.substring(0, Math.max(slash, 0)), e);
        }
    }

    /** The file's text as UTF-8, without a byte-order mark; empty when the file is absent. */
    public Optional<String> readText(String relative) {
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            Optional<String> link = linkProblem(file);
            if (link.isPresent()) {
                throw SlugbuilderException.badFile(relative, 0, link.get(), LINK_HINT);
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            throw SlugbuilderException.badFile(relative, 0, "not a regular file", "replace it with a file");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(TextLines.withoutBom(text));
        } catch (CharacterCodingException e) {
            throw SlugbuilderException.badFile(relative, 0, "not valid UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            throw unreadable(relative, e);
        }
    }

    /**
     * What is wrong with RELATIVE when it is a symbolic link that cannot be followed (it loops,
     * or its target does not exist); empty for anything else, a missing name included.
     */
    public Optional<String> brokenLink(String relative) {
        return linkProblem(root.resolve(relative));
    }

    /** The file's lines (CRLF or LF), without a byte-order mark; empty when absent. */
    public Optional<List<String>> readLines(String relative) {
        return readText(relative).map(TextLines::of);
    }

    /** Top-level entry names, sorted, for messages such as "looked for ... in ...". */
    public List<String> topLevelNames() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw unreadable(".", e);
        }
    }

    private SlugbuilderException unreadable(String relative, IOException e) {
        // a file by its name in the app, as every other message does; the app itself by its path
        String where = relative.isEmpty() || relative.equals(".") ? root.toString() : relative;
        return new SlugbuilderException(
                ExitCode.BAD_INPUT,
                where + ": cannot be read: " + reason(e),
                "check its permissions (chmod u+r, and u+x for a directory)",
                e);
    }

    /** The operating system's reason, without the path Java's exceptions repeat as their message. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** See {@link #brokenLink}: a symbolic link at PATH that loops or points at nothing. */
    private static Optional<String> linkProblem(Path path) {
        if (!Files.isSymbolicLink(path) || Files.exists(path)) {
            return Optional.empty();
        }
        String target;
        try {
            target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            target = "?";
        }
        try {
            Path unused = path.toRealPath(); // called for its exception: does the link resolve?
            return Optional.empty(); // it resolves after all (changed meanwhile)
        } catch (NoSuchFileException e) {
            return Optional.of("a symbolic link to " + target + ", which does not exist");
        } catch (IOException e) {
            // ELOOP: "Too many levels of symbolic links"
            return Optional.of("a symbolic link that loops (it points to " + target + ")");
        }
    }
}
