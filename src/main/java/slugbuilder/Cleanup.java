package slugbuilder;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo actions for what a command has created so far (temporary directories, containers,
 * intermediate images). Each command has one registry, made by its context; a use case opens a
 * {@link #scope()} for the work it undoes when it ends. When the JVM is stopped by Ctrl-C or
 * SIGTERM, the context's single shutdown hook closes the registry: every action still
 * registered runs, newest first, whichever scope it belongs to.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<Action> actions = new ArrayDeque<>();
    private final Cleanup parent;
    private final Action inParent;
    private final Object running = new Object();
    private boolean ran;

    private Cleanup(Cleanup parent) {
        this.parent = parent;
        this.inParent = parent == null ? null : parent.add("a step's leftovers", this::runAll);
    }

    /** A command's registry. Nothing runs it on Ctrl-C until a shutdown hook closes it (the command context does). */
    public static Cleanup registry() {
        return new Cleanup(null);
    }

    /** A nested set of actions: they run when it closes, or with this registry's if that comes first. */
    public Cleanup scope() {
        return new Cleanup(this);
    }

    /**
     * Registers an undo action; the newest runs first. Once this set has run (Ctrl-C came while the
     * work was under way), the action runs at once: what is created after the interrupt is undone too.
     */
    public Action add(String what, Runnable undo) {
        Action action = new Action(what, undo);
        synchronized (this) {
            if (!ran) {
                actions.push(action);
                return action;
            }
        }
        action.run();
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
        if (parent != null) {
            parent.keep(inParent);
        }
    }

    /** True once the JVM has begun to exit (its shutdown hooks run): Ctrl-C or SIGTERM. */
    public static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void runAll() {
        // Held while the actions run: when the shutdown hook and the command's own thread both
        // close this set, the second waits for the first to finish the action it took, so the JVM
        // never halts in the middle of one.
        synchronized (running) {
            synchronized (this) {
                ran = true;
            }
            Action next;
            while ((next = poll()) != null) {
                next.run();
            }
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
