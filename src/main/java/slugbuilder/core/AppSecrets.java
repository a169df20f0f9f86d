package slugbuilder.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;

/**
 * The secrets app.json's {@code "generator": "secret"} asks for: made once per app (a CSPRNG's 32
 * bytes as 64 hexadecimal characters, as Heroku's), then the same on every run until {@code clean
 * --volumes} removes them with the app's data. They live outside the app directory, the image and
 * the slug: one file per app, {@code $XDG_STATE_HOME/slugbuilder/secrets/<app id>} (else {@code
 * ~/.local/state/...}), mode 0600 in a 0700 directory, {@code NAME=value} lines. Two first runs at
 * once cannot make two secrets: reading and writing happen under the app's {@link AppLock}, and the
 * file is replaced atomically (a private temporary file beside it, then moved).
 */
public final class AppSecrets {
    /** Bytes of randomness in one secret: 64 hexadecimal characters. */
    static final int BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Path locks;
    private final AppIdentity identity;
    private final Console console;

    AppSecrets(Path directory, Path locks, AppIdentity identity, Console console) {
        this.directory = directory;
        this.locks = locks;
        this.identity = identity;
        this.console = console;
    }

    /** IDENTITY's secrets, in the state directory ENV names (XDG_STATE_HOME, HOME). */
    public static AppSecrets of(AppIdentity identity, Map<String, String> env, Console console) {
        return new AppSecrets(directory(env), AppLock.directory(env), identity, console);
    }

    /**
     * Secrets made anew for every run and kept nowhere: for a disposable app, as Heroku CI creates
     * one per test run (its generated secrets differ from run to run).
     */
    public static AppSecrets fresh() {
        return new AppSecrets(null, null, null, null);
    }

    /** Where every app's secrets file lives, beside {@link AppLock#directory}. */
    public static Path directory(Map<String, String> env) {
        return AppLock.directory(env).resolveSibling("secrets");
    }

    /** The file of IDENTITY's secrets in DIRECTORY. */
    static Path file(Path directory, AppIdentity identity) {
        return directory.resolve(identity.id());
    }

    /**
     * The secret of each of NAMES, made now for any the app does not have yet. Must not be called
     * while this thread holds the app's {@link AppLock} (it takes it).
     */
    public Map<String, String> secrets(Iterable<String> names) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!names.iterator().hasNext()) {
            return result;
        }
        if (directory == null) {
            names.forEach(name -> result.put(name, generate()));
            return result;
        }
        Path file = file(directory, identity);
        try (AppLock lock = AppLock.acquire(locks, identity, console)) {
            Map<String, String> stored = read(file);
            boolean added = false;
            for (String name : names) {
                String secret = stored.get(name);
                if (secret == null) {
                    secret = generate();
                    stored.put(name, secret);
                    added = true;
                }
                result.put(name, secret);
            }
            if (added) {
                write(file, stored);
            }
        }
        return result;
    }

    private static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Removes IDENTITY's secrets (clean --volumes); whether there were any. */
    public static boolean remove(Map<String, String> env, AppIdentity identity) {
        Path file = file(directory(env), identity);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw cannot("remove", file, e);
        }
    }

    /** Removes every app's secrets (clean --all --volumes); how many apps had some. */
    public static int removeAll(Map<String, String> env) {
        Path dir = directory(env);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            int count = (int) files.filter(Files::isRegularFile).count();
            PrivateFiles.deleteTree(dir);
            return count;
        } catch (IOException | IllegalStateException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "cannot remove " + dir + ": " + e.getMessage(),
                    "check its permissions, or remove it by hand");
        }
    }

    /** Whether IDENTITY has secrets stored. */
    public static boolean exist(Map<String, String> env, AppIdentity identity) {
        return Files.isRegularFile(file(directory(env), identity));
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> stored = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return stored;
        } catch (IOException e) {
            throw cannot("read", file, e);
        }
        text.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                stored.put(line.substring(0, eq), line.substring(eq + 1));
            }
        });
        return stored;
    }

    private void write(Path file, Map<String, String> stored) {
        StringBuilder text = new StringBuilder();
        stored.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        Path tmp = null;
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            tmp = PrivateFiles.createFile(directory, "." + identity.id(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cannot("write", file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move normally consumed it
                }
            }
        }
    }

    private static SlugbuilderException cannot(String what, Path file, IOException e) {
        return new SlugbuilderException(
                ExitCode.ENVIRONMENT,
                "cannot " + what + " the app's generated secrets in " + file + ": " + e.getMessage(),
                "app.json's \"generator\": \"secret\" keeps them there: make the directory writable (or set"
                        + " XDG_STATE_HOME), or set the variable in .env");
    }
}
