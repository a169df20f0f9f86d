package slugbuilder.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Whether a web process answers. A TCP connect proves nothing here (the engine's port proxy
 * accepts connections before the app listens), so an HTTP response of any status is the test.
 */
public final class WebCheck {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WebCheck() {}

    /** Polls URL until it answers (true), STILL_RUNNING turns false, or TIMEOUT passes (false). */
    public static boolean awaitAnswer(URI url, Duration timeout, BooleanSupplier stillRunning) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline) && stillRunning.getAsBoolean()) {
            try {
                HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException notYet) {
                sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
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
