package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.console.Console;

/** The per-app lock: one holder at a time, the second says it waits; other apps never wait. */
class AppLockTest {
    private static final AppIdentity APP = new AppIdentity("cccccccccccc", "slugbuilder/app-cccccc");
    private static final AppIdentity OTHER = new AppIdentity("dddddddddddd", "slugbuilder/other-dddddd");

    @TempDir
    Path locks;

    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    @Test
    void aSecondHolderWaitsAndSaysSoOnce() throws Exception {
        CountDownLatch acquired = new CountDownLatch(1);
        Thread second;
        try (AppLock first = AppLock.acquire(locks, APP, console)) {
            second = new Thread(() -> {
                try (AppLock lock = AppLock.acquire(locks, APP, console)) {
                    acquired.countDown();
                }
            });
            second.start();
            assertFalse(acquired.await(300, TimeUnit.MILLISECONDS), "the second holder waits");
            try (AppLock other = AppLock.acquire(locks, OTHER, console)) {
                assertTrue(Files.exists(locks.resolve(OTHER.id() + ".lock")), "another app does not wait");
            }
        }
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "and goes on once the first lets go");
        second.join(10_000);
        assertEquals(
                "==> Waiting for another slugbuilder command of this app to finish setting up or stopping it\n",
                err.toString());
    }

    @Test
    void theLocksLiveInTheUsersStateDirectory() {
        assertEquals(
                Path.of("/state/slugbuilder/locks"),
                AppLock.directory(Map.of("XDG_STATE_HOME", "/state", "HOME", "/home/u")));
        assertEquals(
                Path.of("/home/u/.local/state/slugbuilder/locks"),
                AppLock.directory(Map.of("XDG_STATE_HOME", "relative", "HOME", "/home/u")));
    }
}
