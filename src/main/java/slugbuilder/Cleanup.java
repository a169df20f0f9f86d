package slugbuilder;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions for what a command has created so far (temporary directories, containers,
 * intermediate images). They run when the command ends, and also when the JVM is stopped by
 * Ctrl-C or SIGTERM, so an interrupted command leaves nothing behind.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<Action> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "slugbuilder-cleanup");

    public Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers an undo action; the newest runs first. */
    public synchronized Action add(String what, Runnable undo) {
        Action action = new Action(what, undo);
        actions.push(action);
        return action;
    }

    /** Forgets an action whose work is done and must stay (e.g. the final image). */
    public synchronized void keep(Action action) {
        actions.remove(action);
    }

    /** Runs an action now, e.g. a temporary directory that is no longer needed. */
    public void runNow(Action action) {
        synchronized (this) {
            if (!actions.remove(action)) {
                return;
            }
        }
        action.run();
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    /** True once the JVM has begun to exit (its shutdown hooks run). */
    public static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void runAll() {
        Action next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    private synchronized Action poll() {
        return actions.poll();
    }

    /** One undo step; a failing step is reported and the others still run. */
    public static final class Action {
        private final String what;
        private final Runnable undo;

        private Action(String what, Runnable undo) {
            this.what = what;
            this.undo = undo;
        }

        void run() {
            try {
                undo.run();
            } catch (RuntimeException e) {
                System.err.println("warning: could not remove " + what + ": " + e.getMessage());
            }
        }
    }
}
