package slugbuilder.addons;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which add-ons slugbuilder can run locally, and how: the data in {@code platforms/addons.json}.
 * A service is what runs (Postgres, Redis, ...); an add-on is a Heroku add-on name that one of
 * them stands in for, with the config vars Heroku sets for it.
 */
public record AddonCatalog(Map<String, Service> services, Map<String, Addon> addons, List<String> colors) {

    /**
     * A service container's recipe. {{user}}, {{password}}, {{database}}, {{host}} and {{url}}
     * in its texts are filled in per add-on.
     *
     * @param image   the official image, tagged with the add-on's {@code options.version}; null when
     *                there is no default and the user must name one
     * @param data    where the service keeps its data (a named volume goes there); null for none
     * @param url     the plain URL; {{url}} in an add-on's vars
     * @param tlsUrl  the URL of its TLS port, when it has one apart ({{tlsUrl}}: Heroku Data for Redis's rediss://)
     * @param ready   a bash command run inside the service that succeeds once it answers its protocol over TCP
     * @param tlsReady a bash command that succeeds when the TLS port of {@code tlsUrl} answers too; it
     *                cannot where the image has no openssl to make a certificate with
     * @param shell   the client command of {@code addons shell}; empty for none
     * @param shellEnv the client's environment: its password travels there, never on its command line
     * @param throwawayEnv more environment for a service whose data goes with it (a test run's):
     *                speed over durability, e.g. initdb without its final sync
     */
    public record Service(
            String title,
            String image,
            int port,
            String data,
            Map<String, String> env,
            List<String> command,
            String url,
            String tlsUrl,
            String ready,
            String tlsReady,
            List<String> shell,
            Map<String, String> shellEnv,
            Map<String, String> throwawayEnv) {
        public Service {
            throwawayEnv = throwawayEnv == null ? Map.of() : Map.copyOf(throwawayEnv);
        }
    }

    /**
     * @param attachment  the attachment name Heroku gives the first such add-on: its vars are ATTACHMENT_SUFFIX
     * @param colorPrefix when set, every such add-on also gets COLORPREFIX_COLOR_SUFFIX, as Heroku Postgres does
     * @param vars        suffix to value
     */
    public record Addon(String service, String attachment, String colorPrefix, Map<String, String> vars) {}

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public static AddonCatalog builtIn() {
        try (InputStream in = AddonCatalog.class.getClassLoader().getResourceAsStream("platforms/addons.json")) {
            if (in == null) {
                throw new IllegalStateException("platforms/addons.json is missing from the jar");
            }
            return JSON.readValue(in, AddonCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Addon> addon(String name) {
        return Optional.ofNullable(addons.get(name));
    }

    public Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalStateException("platforms/addons.json: no service " + name);
        }
        return service;
    }
}
