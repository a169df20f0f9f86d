package slugbuilder.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Host ports: each process type gets base + 100 × its position, as foreman and heroku local do. */
public final class Ports {
    public static final int DEFAULT = 5006;
    public static final int STEP = 100;

    private Ports() {
    }

    /** Fails with a clear message when something already listens on 127.0.0.1:PORT. */
    public static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.ENGINE, "port " + port + " on 127.0.0.1 is busy",
                    "stop what uses it, or choose another with --port N");
        }
    }
}
