package slugbuilder.cli;

import java.net.URI;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.docker.DockerEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.OkHttpPlatformApi;
import slugbuilder.heroku.PlatformApi;

/**
 * What {@link Main} wires once for every command: how to reach the engine and the Platform API,
 * and the process environment. Tests hand the CLI a fake engine or API through here.
 *
 * @param engines  connects to the engine; given the command's cleanup registry
 * @param apis     the Platform API client for a base URL and token
 * @param env      the process environment (HEROKU_APP, HEROKU_API_KEY, HOME, ...)
 * @param terminal whether stdin and stdout are a terminal (progress redraws, exec gets a TTY)
 */
public record Wiring(
        EngineFactory engines, BiFunction<URI, ApiToken, PlatformApi> apis, Map<String, String> env, boolean terminal) {

    public Wiring {
        env = Map.copyOf(env);
    }

    /** Connects to a container engine for one command; NOTES gets what the user should know of where it was found. */
    @FunctionalInterface
    public interface EngineFactory {
        ContainerEngine connect(Cleanup cleanup, Consumer<String> notes);
    }

    /** The real engine, Heroku's API, this process's environment and terminal. */
    public static Wiring system() {
        // lambdas, not method references: the adapters' classes load only for commands that use them
        return new Wiring(
                (cleanup, notes) -> DockerEngine.connect(cleanup, notes),
                (url, token) -> new OkHttpPlatformApi(url, token),
                System.getenv(),
                System.console() != null);
    }

    public Wiring withEngines(EngineFactory other) {
        return new Wiring(other, apis, env, terminal);
    }

    public Wiring withApis(BiFunction<URI, ApiToken, PlatformApi> other) {
        return new Wiring(engines, other, env, terminal);
    }

    public Wiring withEnv(Map<String, String> other) {
        return new Wiring(engines, apis, other, terminal);
    }
}
