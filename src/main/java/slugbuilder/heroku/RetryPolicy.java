package slugbuilder.heroku;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import okhttp3.Response;

/**
 * When a failed attempt is repeated and how long to wait first: at most {@value #MAX_ATTEMPTS}
 * attempts, waiting 0.5 s, 1 s, 2 s, or what a {@code Retry-After} header asks, capped at 30 s.
 * A call that is safe to repeat is repeated after 429, 500, 502, 503, 504, a connection failure or
 * a timeout; a release only after a 429 or when the request never started to leave this machine,
 * since anything else could have created it, and repeating it could create a second one.
 */
final class RetryPolicy {
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private static final Set<Integer> RETRYABLE_5XX = Set.of(500, 502, 503, 504);

    private RetryPolicy() {}

    /** Whether CALL, answered with CODE on attempt ATTEMPT, is tried again. */
    static boolean retriesStatus(ApiCall call, int code, int attempt) {
        boolean retryable = code == 429 || (call.retry() == ApiCall.Retry.ANY_FAILURE && RETRYABLE_5XX.contains(code));
        return retryable && attempt < MAX_ATTEMPTS;
    }

    /** Whether CALL, failed by the network on attempt ATTEMPT, is tried again; SENT: it may have been received. */
    static boolean retriesFailure(ApiCall call, boolean sent, int attempt) {
        boolean retryable = call.retry() == ApiCall.Retry.ANY_FAILURE || !sent;
        return retryable && attempt < MAX_ATTEMPTS;
    }

    /** The wait before the attempt after ATTEMPT: what RESPONSE asks (null if none), else the backoff. */
    static Duration waitAfter(Response response, int attempt) {
        Duration asked = response == null ? null : retryAfter(response);
        return asked != null ? asked : backoff(attempt);
    }

    static Duration backoff(int attempt) {
        return FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    }

    /** Retry-After in seconds or as an HTTP date, capped; null when absent or unreadable. */
    static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        Duration wait;
        if (value.matches("\\d{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(
                        Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
