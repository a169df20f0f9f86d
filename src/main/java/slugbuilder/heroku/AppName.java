package slugbuilder.heroku;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * Which Heroku app a command works on, chosen as the Heroku CLI does: {@code -a/--app}, else
 * {@code HEROKU_APP}, else the app directory's git remote named {@code heroku}; without that remote,
 * the one remote that points at a Heroku app (several: an error asking for {@code -a}).
 * SOURCE says which, for messages (e.g. {@code git remote heroku}).
 */
public record AppName(String name, String source) {
    public static final String ENV_VAR = "HEROKU_APP";
    static final String HINT = "pass -a APP (or set HEROKU_APP, or run `heroku git:remote -a APP` in the app's repository)";

    private static final String APP = "(?<app>[a-z0-9][a-z0-9-]*)";
    private static final List<Pattern> HEROKU_GIT_URLS = List.of(
            Pattern.compile("^https?://(?:[^/@]*@)?git\\.heroku\\.com(?::\\d+)?/" + APP + "(?:\\.git)?/?$",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^ssh://git@heroku\\.com(?::\\d+)?/" + APP + "(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^git@heroku\\.com:/?" + APP + "(?:\\.git)?/?$", Pattern.CASE_INSENSITIVE));

    public AppName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /**
     * OPTION is the {@code -a/--app} value (null if not given), ENV the process environment,
     * APP_DIR the app's directory (its git repository may start higher up).
     */
    public static AppName resolve(String option, Map<String, String> env, Path appDir) {
        if (option != null) {
            if (option.isBlank()) {
                throw new SlugbuilderException(ExitCode.USAGE, "-a/--app needs an app name", HINT);
            }
            return new AppName(option.strip(), "-a");
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AppName(fromEnv.strip(), ENV_VAR);
        }
        Map<String, String> remotes = GitConfig.remoteUrls(appDir);
        String herokuRemote = remotes.get("heroku");
        if (herokuRemote != null) {
            return fromGitUrl(herokuRemote).map(app -> new AppName(app, "git remote heroku"))
                    .orElseThrow(() -> new SlugbuilderException(ExitCode.USAGE,
                            "the git remote heroku (" + redact(herokuRemote) + ") is not a Heroku app's git URL", HINT));
        }
        Map<String, String> herokuApps = new LinkedHashMap<>();
        remotes.forEach((remote, url) -> fromGitUrl(url).ifPresent(app -> herokuApps.put(remote, app)));
        if (herokuApps.size() == 1) {
            Map.Entry<String, String> only = herokuApps.entrySet().iterator().next();
            return new AppName(only.getValue(), "git remote " + only.getKey());
        }
        if (herokuApps.size() > 1) {
            List<String> listed = new ArrayList<>();
            herokuApps.forEach((remote, app) -> listed.add(remote + " (" + app + ")"));
            throw new SlugbuilderException(ExitCode.USAGE,
                    "several git remotes point at Heroku apps: " + String.join(", ", listed) + "; which one?",
                    "pass -a APP");
        }
        throw new SlugbuilderException(ExitCode.USAGE,
                "no Heroku app given: no -a/--app, no HEROKU_APP, and no git remote named heroku for "
                        + appDir.toAbsolutePath().normalize(), HINT);
    }

    /** The app of a Heroku git URL ({@code https://git.heroku.com/APP.git}, {@code git@heroku.com:APP.git}). */
    public static Optional<String> fromGitUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        for (Pattern pattern : HEROKU_GIT_URLS) {
            Matcher match = pattern.matcher(url.strip());
            if (match.matches()) {
                return Optional.of(match.group("app").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** A URL for messages: credentials some people put in https remotes are left out. */
    private static String redact(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
        return name;
    }
}
