package slugbuilder.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** scripts/fake-platform.py, the Platform API stand-in the CLI and the ITs talk to, as a process of the test's. */
public final class FakePlatformScript {
    private FakePlatformScript() {}

    /**
     * Starts it on PORT with ENV (its settings: LOG, APP_STACK, RELEASE_PHASE, ...) and ARGS after
     * the port (a pace), its output to LOG (discarded when null), and waits until it listens.
     */
    public static Process start(int port, Map<String, String> env, Path log, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "scripts/fake-platform.py", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder api = new ProcessBuilder(command)
                .redirectOutput(
                        log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()))
                .redirectErrorStream(true);
        api.environment().putAll(env);
        Process server = api.start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.destroy();
        throw new AssertionError("the fake Platform API did not start on port " + port);
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
