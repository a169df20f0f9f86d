package slugbuilder.heroku;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * Where the Heroku CLI keeps the API token: {@code HEROKU_API_KEY}, else the password of the
 * {@code machine api.heroku.com} entry of {@code ~/.netrc} (or its {@code default} entry).
 */
public final class Credentials {
    public static final String API_HOST = "api.heroku.com";
    public static final String ENV_VAR = "HEROKU_API_KEY";
    static final String MISSING = "no Heroku API token: set HEROKU_API_KEY or log in with `heroku login` (~/.netrc)";

    private final Map<String, String> env;
    private final Path home;

    /** ENV is the process environment (e.g. {@code System.getenv()}); HOME the user's home directory. */
    public Credentials(Map<String, String> env, Path home) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
    }

    /** This process's environment and {@code user.home}. */
    public static Credentials fromSystem() {
        return new Credentials(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The token, or {@link SlugbuilderException} (PLATFORM_API) saying how to provide one. */
    public ApiToken token() {
        return token(API_HOST);
    }

    /** The token for the API at HOST: the {@code ~/.netrc} entry looked up is that host's. */
    public ApiToken token(String host) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ApiToken(fromEnv.strip(), ENV_VAR);
        }
        Path netrc = home.resolve(".netrc");
        if (!Files.exists(netrc)) {
            throw new SlugbuilderException(ExitCode.PLATFORM_API, MISSING,
                    "there is no " + netrc + "; `heroku auth:token` prints the token of a logged-in Heroku CLI");
        }
        String text;
        try {
            text = Files.readString(netrc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.PLATFORM_API, MISSING,
                    "cannot read " + netrc + " (" + e.getClass().getSimpleName() + ")");
        }
        Optional<Netrc.Entry> entry = Netrc.parse(text).lookup(host);
        if (entry.isEmpty()) {
            throw new SlugbuilderException(ExitCode.PLATFORM_API, MISSING, netrc + " has no entry for " + host);
        }
        String password = entry.get().password();
        if (password == null || password.isBlank()) {
            throw new SlugbuilderException(ExitCode.PLATFORM_API, MISSING,
                    "the " + (entry.get().machine() == null ? "default" : host) + " entry of " + netrc
                            + " has no password");
        }
        return new ApiToken(password, "~/.netrc");
    }

    @Override
    public String toString() {
        return "Credentials[home=" + home + "]";
    }
}
