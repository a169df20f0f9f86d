package slugbuilder.heroku;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.git.Git;

/**
 * Which Heroku app a command works on, chosen as the Heroku CLI does: {@code -a/--app}, else
 * {@code HEROKU_APP}, else the app directory's git remote named {@code heroku}; without that remote,
 * the one remote that points at a Heroku app (several: an error asking for {@code -a}).
 * SOURCE says which, for messages (e.g. {@code git remote heroku}). The name must have the form
 * the Platform API accepts ({@link #FORM}), or be an app's id (a UUID), which the API takes too.
 */
public record AppName(String name, String source) {
    public static final String ENV_VAR = "HEROKU_APP";
    static final String HINT =
            "pass -a APP (or set HEROKU_APP, or run `heroku git:remote -a APP` in the app's repository)";

    /** The Platform API's pattern for an app name: 3 to 30 characters. */
    public static final Pattern FORM = Pattern.compile("^[a-z][a-z0-9-]{1,28}[a-z0-9]$");

    static final String RULE = "a Heroku app name is 3 to 30 lowercase letters, digits and dashes,"
            + " starting with a letter and not ending with a dash";
    private static final Pattern APP_ID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private static final String APP = "(?<app>[a-z0-9][a-z0-9-]*)";
    private static final List<Pattern> HEROKU_GIT_URLS = List.of(
            Pattern.compile(
                    "^https?://(?:[^/@]*@)?git\\.heroku\\.com(?::\\d+)?/" + APP + "(?:\\.git)?/?$",
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
        return resolve(option, env, appDir, Git.in(appDir));
    }

    /** As {@link #resolve(String, Map, Path)}, asking GIT for the remotes. */
    static AppName resolve(String option, Map<String, String> env, Path appDir, Git git) {
        AppName found = find(option, env, appDir, git);
        checkForm(found.name(), found.source());
        return found;
    }

    /**
     * Throws {@link SlugbuilderException} (USAGE) unless NAME has the form of a Heroku app name
     * or id; SOURCE (may be null) says where it came from, for the message. Nothing is sent.
     */
    public static void checkForm(String name, String source) {
        if (FORM.matcher(name).matches() || APP_ID.matcher(name).matches()) {
            return;
        }
        String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        String lowered = name.toLowerCase(Locale.ROOT);
        String hint = !lowered.equals(name) && FORM.matcher(lowered).matches()
                ? "app names are lowercase: -a " + lowered
                : "`heroku apps` lists your apps' names";
        throw new SlugbuilderException(
                ExitCode.USAGE,
                "invalid app name \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\""
                        + (source == null ? "" : " (from " + source + ")") + ": " + RULE,
                hint);
    }

    private static AppName find(String option, Map<String, String> env, Path appDir, Git git) {
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
        Map<String, String> remotes = GitRemotes.urls(git);
        String herokuRemote = remotes.get("heroku");
        if (herokuRemote != null) {
            return fromGitUrl(herokuRemote)
                    .map(app -> new AppName(app, "git remote heroku"))
                    .orElseThrow(() -> new SlugbuilderException(
                            ExitCode.USAGE,
                            "the git remote heroku (" + redact(herokuRemote) + ") is not a Heroku app's git URL",
                            HINT));
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
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "several git remotes point at Heroku apps: " + String.join(", ", listed) + "; which one?",
                    "pass -a APP");
        }
        throw new SlugbuilderException(
                ExitCode.USAGE,
                "no Heroku app given: no -a/--app, no HEROKU_APP, and no git remote named heroku for "
                        + appDir.toAbsolutePath().normalize(),
                HINT);
    }

    /** The app of a Heroku git URL ({@code https://git.heroku.com/APP.git}, {@code git@heroku.com:APP.git}). */
    public static Optional<String> fromGitUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        for (Pattern pattern : HEROKU_GIT_URLS) {
            Matcher match = pattern.matcher(url.strip());
            if (match.matches()) {
                return Optional.of(match.group("app").toLowerCase(Locale.ROOT));
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
