package slugbuilder.watch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gathers a burst of changes (an editor's save writes a file two or three times, a git checkout
 * hundreds) into one batch: the batch goes once QUIET has passed without a new change.
 */
public final class Debouncer<T> {
    /** Runs a task after a delay; cancelling a task that ran or was cancelled does nothing. */
    public interface Timer {
        Runnable schedule(Runnable task, Duration delay);
    }

    private final Duration quiet;
    private final Timer timer;
    private final Consumer<Set<T>> batches;
    private Set<T> pending = new LinkedHashSet<>();
    private Runnable cancel;
    private long generation;

    public Debouncer(Duration quiet, Timer timer, Consumer<Set<T>> batches) {
        this.quiet = quiet;
        this.timer = timer;
        this.batches = batches;
    }

    /** Adds a change; the quiet period starts again. */
    public synchronized void add(T change) {
        pending.add(change);
        if (cancel != null) {
            cancel.run();
        }
        long mine = ++generation;
        cancel = timer.schedule(() -> fire(mine), quiet);
    }

    private void fire(long scheduled) {
        Set<T> batch;
        synchronized (this) {
            if (scheduled != generation || pending.isEmpty()) {
                return; // a later change rescheduled it: a cancelled task that ran anyway
            }
            batch = pending;
            pending = new LinkedHashSet<>();
            cancel = null;
        }
        batches.accept(batch);
    }
}
