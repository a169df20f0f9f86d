package slugbuilder.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import slugbuilder.Cleanup;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.heroku.Credentials;
import slugbuilder.heroku.PlatformApi;

/**
 * Everything one command works with: its console, the engine (connected on first use), the
 * Platform API, the environment, and its one cleanup registry. While the command runs, a single
 * shutdown hook stands ready: on Ctrl-C or SIGTERM it says "interrupted" once and runs the
 * registry, newest action first. A command that ends by itself runs the registry and removes
 * the hook.
 */
public final class CommandContext implements AutoCloseable {
    private final Wiring wiring;
    private final Console console;
    private final Cleanup cleanup = Cleanup.registry();
    private final Thread hook = new Thread(this::interrupted, "slugbuilder-cleanup");
    private ContainerEngine engine;

    CommandContext(Wiring wiring, Console console) {
        this.wiring = wiring;
        this.console = console;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public Console console() {
        return console;
    }

    public Cleanup cleanup() {
        return cleanup;
    }

    public Map<String, String> env() {
        return wiring.env();
    }

    public boolean terminal() {
        return wiring.terminal();
    }

    /** The engine, connected the first time a command needs it (commands that fail earlier never connect). */
    public synchronized ContainerEngine engine() {
        if (engine == null) {
            engine = wiring.engines().connect(cleanup, console::note);
        }
        return engine;
    }

    /** Where the API token is found: HEROKU_API_KEY, else the netrc file of this environment. */
    public Credentials credentials() {
        return new Credentials(wiring.env(), Path.of(System.getProperty("user.home")), console::warn);
    }

    public PlatformApi api(URI baseUrl, ApiToken token) {
        return wiring.apis().apply(baseUrl, token);
    }

    private void interrupted() {
        console.interrupted();
        cleanup.close();
    }

    @Override
    public void close() {
        cleanup.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook runs the registry and still needs the engine
        }
        synchronized (this) {
            if (engine != null) {
                engine.close();
            }
        }
    }
}
