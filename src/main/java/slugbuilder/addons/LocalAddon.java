package slugbuilder.addons;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An add-on as it runs here: one service container on the app's network, known there as HOST.
 *
 * @param name       the Heroku add-on ("heroku-postgresql")
 * @param attachment its attachment name, the prefix of its config vars ("DATABASE")
 * @param host       the service's name on the app's network ("database")
 * @param kind       the service's name in the catalog ("postgres")
 * @param image      the image the service runs
 * @param vars       config var name to value template; {{password}} and friends are filled in by {@link #vars}
 * @param line       where app.json asks for it
 */
public record LocalAddon(
        String name,
        String attachment,
        String host,
        String kind,
        AddonCatalog.Service service,
        String image,
        Map<String, String> vars,
        int line) {

    /** The local user every service is set up with; Heroku's are random, locally a fixed one is easier to type. */
    public static final String USER = "app";

    public LocalAddon {
        vars = Map.copyOf(new LinkedHashMap<>(vars));
    }

    /** The same add-on on another image (the stack's own, when the official one cannot be pulled). */
    public LocalAddon withImage(String other) {
        return new LocalAddon(name, attachment, host, kind, service, other, vars, line);
    }

    public String database() {
        return host.replace('-', '_');
    }

    /** The config vars the app's processes get, with PASSWORD filled in. */
    public Map<String, String> vars(String password) {
        return vars(password, true);
    }

    /**
     * The config vars; without TLS (the service could not set it up) a TLS URL becomes the plain
     * one, so the app reaches the service rather than a closed port.
     */
    public Map<String, String> vars(String password, boolean tls) {
        Map<String, String> values = new LinkedHashMap<>();
        vars.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> values.put(
                        e.getKey(),
                        fill(tls ? e.getValue() : e.getValue().replace("{{tlsUrl}}", "{{url}}"), password)));
        return values;
    }

    /** Whether a config var gives the TLS URL (heroku-redis's REDIS_URL), which the service must then answer. */
    public boolean wantsTls() {
        return service.tlsUrl() != null && service.tlsReady() != null && vars.containsValue("{{tlsUrl}}");
    }

    /** The config vars that give the TLS URL. */
    public List<String> tlsVars() {
        return vars.entrySet().stream()
                .filter(e -> e.getValue().contains("{{tlsUrl}}"))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    public String tlsReady(String password) {
        return fill(service.tlsReady(), password);
    }

    /**
     * The URL the add-on's config var gives (the TLS one where it is Heroku's, as for heroku-redis),
     * or "HOST:PORT" when the service has none.
     */
    public String url(String password) {
        if (wantsTls()) {
            return fill(service.tlsUrl(), password);
        }
        return service.url() == null ? host + ":" + service.port() : fill(service.url(), password);
    }

    public Map<String, String> env(String password) {
        Map<String, String> env = new LinkedHashMap<>();
        service.env().forEach((k, v) -> env.put(k, fill(v, password)));
        return env;
    }

    public List<String> command(String password) {
        return service.command().stream().map(part -> fill(part, password)).toList();
    }

    public String ready(String password) {
        return fill(service.ready(), password);
    }

    public List<String> shell(String password) {
        return service.shell().stream().map(part -> fill(part, password)).toList();
    }

    /**
     * The shell client's environment, with PASSWORD filled in (PGPASSWORD, REDISCLI_AUTH, MYSQL_PWD):
     * a password on a command line shows in any user's ps, and redis-cli's URL form sends an empty
     * user name (6.2 and later), which Redis refuses.
     */
    public Map<String, String> shellEnv(String password) {
        Map<String, String> env = new LinkedHashMap<>();
        service.shellEnv().forEach((k, v) -> env.put(k, fill(v, password)));
        return env;
    }

    /** The texts of platforms/addons.json, filled in; plain replacement, as no value needs escaping. */
    String fill(String template, String password) {
        String text = template.replace("{{url}}", service.url() == null ? "" : service.url())
                .replace("{{tlsUrl}}", service.tlsUrl() == null ? "" : service.tlsUrl());
        return text.replace("{{user}}", USER)
                .replace("{{password}}", password)
                .replace("{{database}}", database())
                .replace("{{host}}", host);
    }
}
