package slugbuilder.heroku;

import java.util.List;

/**
 * One of an app's add-ons as {@code GET /apps/{app}/addons} lists it: its name (e.g.
 * {@code postgresql-curly-12345}), its service (e.g. {@code heroku-postgresql}) and the names of
 * the config vars it owns (e.g. {@code DATABASE_URL}); never their values.
 */
public record Addon(String name, String service, List<String> configVars) {
    public Addon {
        configVars = List.copyOf(configVars);
    }
}
