package slugbuilder.heroku;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * Where the Heroku CLI keeps the API token: {@code HEROKU_API_KEY}, else the password of the
 * {@code machine api.heroku.com} entry of the netrc file (or its {@code default} entry). The netrc
 * file is found as curl finds it: {@code NETRC} (a path), else {@code $HOME/.netrc}, else, only
 * when HOME is unset, {@code .netrc} in Java's {@code user.home}. One that other users can read
 * or change gets a warning, as curl and git give, and is used all the same.
 */
public final class Credentials {
    public static final String API_HOST = "api.heroku.com";
    public static final String ENV_VAR = "HEROKU_API_KEY";
    public static final String NETRC_VAR = "NETRC";
    static final String MISSING = "no Heroku API token: set HEROKU_API_KEY or log in with `heroku login` (~/.netrc)";

    private static final Set<PosixFilePermission> PRIVATE = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Map<String, String> env;
    private final Path fallbackHome;
    private final Consumer<String> warnings;

    /**
     * ENV is the process environment (e.g. {@code System.getenv()}: NETRC, HOME, HEROKU_API_KEY);
     * FALLBACK_HOME the home directory used when ENV has no HOME; WARNINGS gets warning lines.
     */
    public Credentials(Map<String, String> env, Path fallbackHome, Consumer<String> warnings) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.fallbackHome = Objects.requireNonNull(fallbackHome, "fallbackHome");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** As the three-argument constructor, with warnings dropped (for tests and tools that need no warning). */
    public Credentials(Map<String, String> env, Path fallbackHome) {
        this(env, fallbackHome, line -> {});
    }

    /** The token, or {@link SlugbuilderException} (ENVIRONMENT: nothing was sent) saying how to provide one. */
    public ApiToken token() {
        return token(API_HOST);
    }

    /** The token for the API at HOST: the netrc entry looked up is that host's. */
    public ApiToken token(String host) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return warnIfTooShort(new ApiToken(fromEnv.strip(), ENV_VAR));
        }
        Path netrc = netrcFile();
        if (!Files.exists(netrc)) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    MISSING,
                    "there is no " + netrc + "; `heroku auth:token` prints the token of a logged-in Heroku CLI");
        }
        String text;
        try {
            text = Files.readString(netrc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    MISSING,
                    "cannot read " + netrc + " (" + e.getClass().getSimpleName() + ")");
        }
        Optional<Netrc.Entry> entry = Netrc.parse(text).lookup(host);
        if (entry.isEmpty()) {
            throw new SlugbuilderException(ExitCode.ENVIRONMENT, MISSING, netrc + " has no entry for " + host);
        }
        String password = entry.get().password();
        if (password == null || password.isBlank()) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    MISSING,
                    "the " + (entry.get().machine() == null ? "default" : host) + " entry of " + netrc
                            + " has no password");
        }
        warnIfShared(netrc);
        return warnIfTooShort(new ApiToken(password, fromNetrcVar() ? netrc.toString() : "~/.netrc"));
    }

    /** The netrc file looked at: NETRC, else HOME's, else (HOME unset) the fallback home's. */
    public Path netrcFile() {
        if (fromNetrcVar()) {
            return Path.of(env.get(NETRC_VAR).strip());
        }
        String home = env.get("HOME");
        return (home != null && !home.isBlank() ? Path.of(home) : fallbackHome).resolve(".netrc");
    }

    private boolean fromNetrcVar() {
        String value = env.get(NETRC_VAR);
        return value != null && !value.isBlank();
    }

    /** A token too short to be real (a placeholder) cannot be masked inside words: say so, without its value. */
    private ApiToken warnIfTooShort(ApiToken token) {
        if (new SecretMask(token.value()).tooShort()) {
            int length = token.value().length();
            warnings.accept("the Heroku API token from " + token.source() + " has " + length
                    + (length == 1 ? " character" : " characters") + ", too few for a real one ("
                    + SecretMask.MIN_LENGTH + " or more): output masks it only where it stands alone;"
                    + " `heroku auth:token` prints yours");
        }
        return token;
    }

    private void warnIfShared(Path netrc) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(netrc);
        } catch (IOException | UnsupportedOperationException e) {
            return; // no POSIX permissions to judge
        }
        if (!PRIVATE.containsAll(permissions)) {
            warnings.accept(netrc + " can be read by other users (mode " + mode(permissions)
                    + "); it holds your Heroku API token: chmod 600 " + netrc);
        }
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format(Locale.ROOT, "%04o", mode);
    }

    @Override
    public String toString() {
        return "Credentials[netrc=" + netrcFile() + "]";
    }
}
