package slugbuilder.engine;

import java.util.Objects;

/**
 * Credentials for one push, handed to the engine with the request only: never written to a
 * Docker config file, never shown. {@link #toString()} leaves the password out.
 *
 * @param registry "registry.heroku.com" or "127.0.0.1:5000"
 */
public record RegistryAuth(String registry, String username, String password) {
    public RegistryAuth {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "RegistryAuth[registry=" + registry + ", username=" + username + ", password=<redacted>]";
    }
}
