package slugbuilder.heroku;

import java.util.concurrent.TimeUnit;

/**
 * Runs ON_STALL once when no progress was reported for TIMEOUT: a daemon thread looks every
 * quarter of the timeout (at most every second). A chunk's progress is one volatile write,
 * where okio's AsyncTimeout entered and left per chunk woke its watchdog thread each time
 * (about a third of the time a loopback upload of 1 MiB chunks spent outside the kernel).
 */
final class StallWatch implements AutoCloseable {
    private final long timeoutNanos;
    private final Runnable onStall;
    private final Thread watcher;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private volatile boolean closed;

    private StallWatch(long timeoutMillis, Runnable onStall) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.onStall = onStall;
        long checkMillis = Math.max(1, Math.min(1000, timeoutMillis / 4));
        this.watcher = new Thread(() -> watch(checkMillis), "slug-upload-stall-watch");
        watcher.setDaemon(true);
    }

    /** Starts watching; a TIMEOUT of 0 or less watches nothing, as OkHttp's "no timeout". */
    static StallWatch start(long timeoutMillis, Runnable onStall) {
        StallWatch watch = new StallWatch(timeoutMillis, onStall);
        if (timeoutMillis > 0) {
            watch.watcher.start();
        }
        return watch;
    }

    void progressed() {
        lastProgress = System.nanoTime();
    }

    /** Whether ON_STALL ran. */
    boolean stalled() {
        return stalled;
    }

    private void watch(long checkMillis) {
        while (!closed) {
            try {
                Thread.sleep(checkMillis);
            } catch (InterruptedException e) {
                return; // closed
            }
            if (!closed && System.nanoTime() - lastProgress > timeoutNanos) {
                stalled = true;
                onStall.run();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
