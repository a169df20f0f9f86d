package slugbuilder.engine;

/**
 * How a container ended.
 *
 * @param exitCode  its main process's exit code (137 after a SIGKILL)
 * @param oomKilled whether the kernel killed a process of it for exceeding its memory limit
 */
public record ExitState(int exitCode, boolean oomKilled) {}
