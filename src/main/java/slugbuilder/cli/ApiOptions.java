package slugbuilder.cli;

import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.heroku.OkHttpPlatformApi;

/** Which app, on which Platform API: options shared by release and slug release. */
final class ApiOptions {
    static final String API_URL_ENV = "SLUGBUILDER_API_URL";

    @Option(
            names = {"-a", "--app"},
            paramLabel = "APP",
            description = "The Heroku app (default: HEROKU_APP, else the git remote heroku).")
    String app;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "The Platform API's base URL, for Heroku-compatible platforms (default: " + API_URL_ENV
                    + ", else https://api.heroku.com).")
    URI apiUrl;

    /** --api-url, else SLUGBUILDER_API_URL from ENV, else Heroku's. */
    URI url(Map<String, String> env) {
        if (apiUrl != null) {
            return apiUrl;
        }
        String fromEnv = env.get(API_URL_ENV);
        return fromEnv == null || fromEnv.isBlank() ? OkHttpPlatformApi.DEFAULT_BASE_URL : URI.create(fromEnv.strip());
    }
}
