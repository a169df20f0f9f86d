package slugbuilder.heroku;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import okhttp3.Interceptor;

/**
 * Test support for tests outside this package (e.g. slugbuilder.release): the real
 * {@link OkHttpPlatformApi} with short timeouts, through its package-private constructor, so that
 * main code keeps no test-only public API.
 */
public final class TestApis {
    private TestApis() {}

    /** The real client against BASE, waiting through SLEEPER, with the given connect and read/write timeouts. */
    public static PlatformApi withTimeouts(
            URI base, ApiToken token, Sleeper sleeper, Duration connectTimeout, Duration readWriteTimeout) {
        return new OkHttpPlatformApi(base, token, sleeper, connectTimeout, readWriteTimeout);
    }

    /** As {@link #withTimeouts}, with INTERCEPTOR first among OkHttp's application interceptors (e.g. one request's own read timeout). */
    public static PlatformApi withInterceptor(
            URI base,
            ApiToken token,
            Sleeper sleeper,
            Duration connectTimeout,
            Duration readWriteTimeout,
            Interceptor interceptor) {
        return new OkHttpPlatformApi(base, token, sleeper, connectTimeout, readWriteTimeout, List.of(interceptor));
    }
}
