package slugbuilder.core;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Whether a web process answers. A TCP connect proves nothing here (the engine's port proxy
 * accepts connections before the app listens), so an HTTP response of any status is the test.
 * A plain HttpURLConnection, not java.net.http's client: building that one makes the JDK's TLS
 * context (security providers, the whole trust store), 0.1-0.2 s of a restart, for http://.
 */
public final class WebCheck {
    private static final int TIMEOUT_MILLIS = 2000;

    private WebCheck() {}

    /** Polls URL until it answers (true), STILL_RUNNING turns false, or TIMEOUT passes (false). */
    public static boolean awaitAnswer(URI url, Duration timeout, BooleanSupplier stillRunning) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && stillRunning.getAsBoolean()) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            try {
                HttpURLConnection http = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
                try {
                    http.setConnectTimeout(TIMEOUT_MILLIS);
                    http.setReadTimeout(TIMEOUT_MILLIS);
                    http.setUseCaches(false);
                    http.getResponseCode();
                    return true;
                } finally {
                    http.disconnect();
                }
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
