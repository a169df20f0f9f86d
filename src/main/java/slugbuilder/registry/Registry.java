package slugbuilder.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The registry images are pushed to: Heroku's, or another HOST[:PORT] that speaks its rules (a
 * Heroku-compatible platform, a local registry in tests). Its images are
 * {@code <registry>/<app>/<type>:latest}.
 */
public record Registry(String address) {
    public static final String DEFAULT = "registry.heroku.com";
    public static final String ENV_VAR = "SLUGBUILDER_REGISTRY";
    public static final String TAG = "latest";

    private static final Pattern FORM = Pattern.compile(
            "^(?<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(?<port>\\d{1,5}))?$");

    public Registry {
        Matcher form = FORM.matcher(address);
        if (!form.matches()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "invalid registry \"" + address.replaceAll("\\p{Cntrl}", "?") + "\": expected HOST or HOST:PORT",
                    "e.g. --registry registry.heroku.com or --registry 127.0.0.1:5000 (no scheme, no path)");
        }
        if (form.group("port") != null) {
            int port = Integer.parseInt(form.group("port"));
            if (port < 1 || port > 65535) {
                throw new SlugbuilderException(
                        ExitCode.USAGE, "invalid registry \"" + address + "\": the port must lie in 1..65535");
            }
        }
    }

    /** --registry, else SLUGBUILDER_REGISTRY from ENV, else Heroku's. */
    public static Registry of(String option, Map<String, String> env) {
        if (option != null) {
            return new Registry(option.strip().toLowerCase(Locale.ROOT));
        }
        String fromEnv = env.get(ENV_VAR);
        return new Registry(
                fromEnv == null || fromEnv.isBlank() ? DEFAULT : fromEnv.strip().toLowerCase(Locale.ROOT));
    }

    /** "registry.heroku.com/APP/TYPE". */
    public String repository(String app, String type) {
        return address + "/" + app + "/" + type;
    }

    /** "registry.heroku.com/APP/TYPE:latest". */
    public String image(String app, String type) {
        return repository(app, type) + ":" + TAG;
    }

    /** The host without the port. */
    public String host() {
        int colon = address.indexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    /** A registry on this machine speaks plain HTTP (as the Docker engine assumes for 127.0.0.0/8); any other, HTTPS. */
    public boolean plainHttp() {
        return host().equals("localhost") || host().startsWith("127.");
    }

    /** The base URL of its V2 API's host. */
    public URI baseUrl() {
        return URI.create((plainHttp() ? "http://" : "https://") + address);
    }

    @Override
    public String toString() {
        return address;
    }
}
