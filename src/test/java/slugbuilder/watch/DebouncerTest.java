package slugbuilder.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    /** A timer whose tasks run only when the test says so. */
    private static final class ManualTimer implements Debouncer.Timer {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        int cancelled;

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            tasks.add(task);
            delays.add(delay);
            return () -> cancelled++;
        }

        void runAll() {
            new ArrayList<>(tasks).forEach(Runnable::run);
        }
    }

    private final ManualTimer timer = new ManualTimer();
    private final List<Set<String>> batches = new ArrayList<>();
    private final Debouncer<String> debouncer = new Debouncer<>(Duration.ofMillis(200), timer, batches::add);

    @Test
    void aBurstBecomesOneBatchOnceItIsQuiet() {
        debouncer.add("server.js");
        debouncer.add("server.js");
        debouncer.add("lib/a.js");

        assertEquals(List.of(), batches, "nothing before the quiet period ends");
        assertEquals(3, timer.tasks.size());
        assertEquals(2, timer.cancelled, "each change starts the quiet period again");
        assertEquals(Duration.ofMillis(200), timer.delays.get(2));

        timer.tasks.get(2).run();
        assertEquals(List.of(Set.of("server.js", "lib/a.js")), batches);
    }

    @Test
    void aCancelledTaskThatRunsAnywayDoesNothing() {
        debouncer.add("a.js");
        debouncer.add("b.js");
        timer.tasks.get(0).run(); // the first quiet period, superseded by b.js

        assertEquals(List.of(), batches);
        timer.runAll();
        assertEquals(List.of(Set.of("a.js", "b.js")), batches, "one batch, once");
    }

    @Test
    void changesAfterABatchStartANewOne() {
        debouncer.add("a.js");
        timer.runAll();
        debouncer.add("b.js");
        timer.tasks.get(1).run();

        assertEquals(List.of(Set.of("a.js"), Set.of("b.js")), batches);
    }
}
