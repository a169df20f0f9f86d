package slugbuilder.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import slugbuilder.appjson.DynoSize;
import slugbuilder.engine.ContainerSpec;

/** How a dyno starts a process, as an argument list for the container: no host shell involved. */
public final class Dyno {
    /**
     * In /app, source /app/.profile.d/*.sh (config vars are already in the environment), then
     * /app/.profile. Not a login shell ({@code bash -l}): that would source /app/.profile (HOME
     * is /app) before .profile.d.
     */
    private static final String PROFILE = "cd /app || exit 1; "
            + "for f in /app/.profile.d/*.sh; do if [ -r \"$f\" ]; then . \"$f\"; fi; done; unset f; "
            + "if [ -r /app/.profile ]; then . /app/.profile; fi; ";

    /**
     * Then the Procfile command through bash -c, as a dyno's process: the command travels as an
     * argument ($0), so no quoting can break it. This shell stays as its parent because the
     * engine's init passes a stop's SIGTERM to its own child alone: under {@code npm start},
     * npm ended at once and the container's end killed node before its SIGTERM handler ran. As
     * on Heroku, SIGTERM goes to every process of the dyno ({@code kill -1}: all this user's
     * processes in the container but this shell and init), and the dyno ends once all have
     * ended, or at the SIGKILL that follows GRACE later. Job control ({@code set -m}) keeps the
     * command's SIGINT and SIGQUIT as they were (a background job would ignore them without it);
     * this shell's stderr goes after the start, so no job notice is printed. The exit code is
     * the command's.
     */
    private static final String SUPERVISE = "dyno_stopping=; trap 'dyno_stopping=1; kill -TERM -1' TERM; "
            + "set -m; bash -c \"$0\" & dyno_pid=$!; exec 2>/dev/null; "
            + "wait \"$dyno_pid\"; dyno_code=$?; "
            + "while kill -0 \"$dyno_pid\"; do wait \"$dyno_pid\"; dyno_code=$?; done; "
            + "if [ -n \"$dyno_stopping\" ]; then while kill -0 -1; do sleep 0.1; done; fi; "
            + "exit \"$dyno_code\"";

    private static final String BOOT = PROFILE + SUPERVISE;

    /**
     * start --watch's dyno: the same supervisor in a loop, where SIGHUP restarts the process in
     * the same container as a dyno restart does: SIGTERM to every process, SIGKILL to what is left
     * after the grace ($3 seconds, up to one more as SECONDS counts whole ones), then the start-up
     * and the command ($0) afresh, in a new shell ($1) so nothing the last .profile.d set lingers.
     * Once the old processes are gone it prints $2, the mark that tells the watcher the old
     * process can no longer answer. A SIGHUP that comes before the new process does is not lost:
     * the flag is checked again after the start. A SIGTERM (a stop) ends the loop as the plain
     * supervisor ends. The shell keeps its stderr on fd 3 for the processes it starts.
     */
    private static final String RESTARTABLE = "cd /app || exit 1; dyno_stopping=; dyno_restart=; "
            + "trap 'dyno_stopping=1; kill -TERM -1' TERM; trap 'dyno_restart=1; kill -TERM -1' HUP; "
            + "set -m; exec 3>&2 2>/dev/null; "
            + "while :; do "
            + "bash -c \"$1\" \"$0\" 2>&3 3>&- & dyno_pid=$!; "
            + "if [ -n \"$dyno_restart\" ]; then kill -TERM -1; fi; "
            + "wait \"$dyno_pid\"; dyno_code=$?; "
            + "if [ -n \"$dyno_restart\" ] && [ -z \"$dyno_stopping\" ]; then "
            + "dyno_until=$((SECONDS + $3 + 1)); "
            + "while kill -0 -1; do if [ \"$SECONDS\" -ge \"$dyno_until\" ]; then kill -KILL -1; fi; sleep 0.02; done; "
            + "wait \"$dyno_pid\"; dyno_code=$?; "
            + "if [ -z \"$dyno_stopping\" ]; then dyno_restart=; echo \"$2\"; continue; fi; "
            + "fi; "
            + "while kill -0 \"$dyno_pid\"; do wait \"$dyno_pid\"; dyno_code=$?; done; "
            + "break; "
            + "done; "
            + "if [ -n \"$dyno_stopping\" ]; then while kill -0 -1; do sleep 0.1; done; fi; "
            + "exit \"$dyno_code\"";

    /** One generation of a restartable dyno: the start-up, then the command ($0) in place of this shell. */
    private static final String GENERATION = PROFILE + "exec bash -c \"$0\"";

    /** The same start-up, then the arguments run as they are, each its own word: no quoting anywhere. */
    private static final String BOOT_ARGS = PROFILE + "exec \"$@\"";

    private Dyno() {}

    /** The container command that runs COMMAND the way a dyno does. */
    public static List<String> command(String command) {
        return List.of("bash", "-c", BOOT, command);
    }

    /**
     * The container command that runs COMMAND the way a dyno does, restarting it on SIGHUP (GRACE
     * for the old process to end) and printing MARK once the old process has gone.
     */
    public static List<String> restartable(String command, String mark, Duration grace) {
        return List.of("bash", "-c", RESTARTABLE, command, GENERATION, mark, Long.toString(grace.toSeconds()));
    }

    /** The container command that runs ARGS (a program and its arguments) after the dyno's start-up. */
    public static List<String> exec(List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", BOOT_ARGS, "slugbuilder-exec"));
        command.addAll(args);
        return command;
    }

    /** A dyno of SIZE's memory: Heroku's quota, and swap up to where Heroku kills the dyno (R15); null for no limit. */
    public static ContainerSpec.MemoryLimit memory(DynoSize size) {
        return size == null ? null : new ContainerSpec.MemoryLimit(size.quotaBytes(), size.limitBytes());
    }
}
