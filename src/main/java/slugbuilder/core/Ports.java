package slugbuilder.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Host ports: each process type gets base + 100 × its position, as foreman and heroku local do. */
public final class Ports {
    public static final int DEFAULT = 5006;
    public static final int STEP = 100;

    private Ports() {}

    public static final int MAX = 65_535;

    /**
     * Refuses, as a usage error and before anything starts, a base port whose COUNT ports
     * (BASE, BASE + 100, ...) do not all lie in 1..65535.
     */
    public static void requireValid(int base, int count) {
        if (base < 1 || base > MAX) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--port " + base + ": a port is a number from 1 to " + MAX,
                    "choose one such as " + DEFAULT);
        }
        int last = base + STEP * (count - 1);
        if (last > MAX) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--port " + base + ": " + count + " processes need the ports up to " + last + " (" + STEP
                            + " apart), above " + MAX,
                    "choose --port " + (MAX - STEP * (count - 1)) + " or lower");
        }
    }

    /** Fails with a clear message when something already listens on 127.0.0.1:PORT. */
    public static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "port " + port + " on 127.0.0.1 is busy",
                    "stop what uses it, or choose another with --port N");
        }
    }
}
