package slugbuilder.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.Sleeper;

/**
 * Follows a new release to its outcome on the platform. A release with a release phase is
 * {@code pending} at first: its output is streamed live, then the release is read until it has
 * succeeded or failed. Only a release that succeeded and is the app's current one is reported as
 * released; a failed one fails the command (exit code 5). Ctrl-C leaves the release to the
 * platform, which finishes it either way, and says so.
 */
public final class ReleaseFollower {
    /** How long a release phase is followed before slugbuilder gives up on it. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(20);

    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    static final String PREFIX = "release";

    private final PlatformApi api;
    private final Console console;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final Duration limit;

    public ReleaseFollower(PlatformApi api, Console console) {
        this(api, console, Sleeper.SYSTEM, System::nanoTime, DEFAULT_LIMIT);
    }

    /** SLEEPER waits between reads of the release and NANO_TIME tells the time (tests move one with the other); LIMIT bounds the whole follow. */
    public ReleaseFollower(PlatformApi api, Console console, Sleeper sleeper, LongSupplier nanoTime, Duration limit) {
        this.api = Objects.requireNonNull(api, "api");
        this.console = Objects.requireNonNull(console, "console");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * Follows RELEASE of APP (as the API answered its creation, or as read after it) until it has
     * an outcome, and prints "Released vN of APP" when it succeeded and is current. Returns the
     * release as it ended.
     */
    public Release follow(String app, Release release) {
        Release outcome = release;
        if (release.pending()) {
            console.interruptedLine("interrupted: release " + name(app, release)
                    + " is left to the platform, which finishes its release phase; " + infoCommand(app, release)
                    + " shows how it ends");
            try {
                long deadline = nanoTime.getAsLong() + limit.toNanos();
                if (release.outputStreamUrl() != null) {
                    stream(release, deadline);
                }
                outcome = poll(app, release, deadline);
            } finally {
                console.interruptedLine(null);
            }
        }
        return report(app, outcome);
    }

    /** Shows the release phase's output as it comes; the outcome is the API's to say, so a broken stream only warns. */
    private void stream(Release release, long deadline) {
        console.step("Release phase of v" + release.version() + " on the platform:");
        try {
            boolean streamed = api.releaseOutput(release.outputStreamUrl(), line -> {
                if (nanoTime.getAsLong() - deadline > 0) {
                    throw new LimitReached();
                }
                console.log(PREFIX, line);
            });
            if (!streamed) {
                console.note("the release phase's output did not appear; waiting for the release to end");
            }
        } catch (LimitReached e) {
            // poll says the limit has passed
        } catch (SlugbuilderException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED || Cleanup.shuttingDown()) {
                throw e;
            }
            console.warn(e.getMessage() + "; waiting for the release to end without its output");
        }
    }

    /** Reads RELEASE until it is no longer pending, waiting longer each time, up to DEADLINE. */
    private Release poll(String app, Release release, long deadline) {
        Duration wait = FIRST_WAIT;
        while (true) {
            if (Cleanup.shuttingDown()) {
                throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
            }
            Release now = read(app, release);
            if (!now.pending()) {
                return now;
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                throw new SlugbuilderException(
                        ExitCode.PLATFORM_API,
                        "release " + name(app, release) + " is still " + describe(now.status())
                                + " in its release phase after " + minutes(limit),
                        "it goes on on the platform: " + infoCommand(app, release) + " shows how it ends");
            }
            try {
                sleeper.sleep(Duration.ofNanos(Math.min(left, wait.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlugbuilderException(
                        ExitCode.INTERRUPTED,
                        "interrupted while following release " + name(app, release) + "; it is left to the platform");
            }
            wait = wait.multipliedBy(3).dividedBy(2);
            if (wait.compareTo(LONGEST_WAIT) > 0) {
                wait = LONGEST_WAIT;
            }
        }
    }

    /** The release as it is now; a failure (after the client's own retries) says the release goes on. */
    private Release read(String app, Release release) {
        try {
            return api.release(app, release.id());
        } catch (SlugbuilderException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED || Cleanup.shuttingDown()) {
                throw e;
            }
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    e.getMessage() + "; release " + name(app, release) + " is left to the platform",
                    infoCommand(app, release) + " shows how it ends",
                    e);
        }
    }

    private Release report(String app, Release release) {
        if (release.failed()) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "release " + name(app, release) + " failed in its release phase",
                    "`heroku releases:output v" + release.version() + " -a " + app
                            + "` shows its output; the app goes on running its previous release");
        }
        if (!release.current()) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "release " + name(app, release) + " succeeded but is not the app's current release" + current(app),
                    "`heroku releases -a " + app + "` lists its releases");
        }
        console.result("Released v" + release.version() + " of " + app);
        return release;
    }

    /** What is current instead, as far as the newest release tells (": v9 is"), or nothing when it cannot be told. */
    private String current(String app) {
        try {
            Optional<Release> newest = api.latestRelease(app);
            if (newest.isEmpty()) {
                return "";
            }
            Release latest = newest.get();
            return latest.current()
                    ? ": v" + latest.version() + " is"
                    : " (the newest is v" + latest.version() + ", " + describe(latest.status()) + ")";
        } catch (SlugbuilderException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            return "";
        }
    }

    private static String name(String app, Release release) {
        return "v" + release.version() + " of " + app;
    }

    private static String infoCommand(String app, Release release) {
        return "`heroku releases:info v" + release.version() + " -a " + app + "`";
    }

    private static String describe(String status) {
        return status == null ? "without a status" : status;
    }

    private static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** Ends a stream that outlives the limit. */
    private static final class LimitReached extends RuntimeException {
        LimitReached() {
            super(null, null, false, false);
        }
    }
}
