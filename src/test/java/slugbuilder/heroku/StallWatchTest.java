package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stall is a timeout without progress: it runs the action once; progress keeps it away. */
class StallWatchTest {
    @Test
    void noProgressForTheTimeoutRunsTheActionOnce() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (StallWatch watch = StallWatch.start(100, () -> {
            runs.incrementAndGet();
            ran.countDown();
        })) {
            assertTrue(ran.await(5, TimeUnit.SECONDS), "the stall was noticed");
            Thread.sleep(300);
            assertTrue(watch.stalled());
            assertEquals(1, runs.get());
        }
    }

    @Test
    void progressKeepsTheStallAway() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (StallWatch watch = StallWatch.start(300, runs::incrementAndGet)) {
            for (int i = 0; i < 12; i++) { // 1.2 s, four timeouts, with progress every 100 ms
                Thread.sleep(100);
                watch.progressed();
            }
            assertFalse(watch.stalled());
        }
        Thread.sleep(500); // closed: nothing runs after
        assertEquals(0, runs.get());
    }
}
