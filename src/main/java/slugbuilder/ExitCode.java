package slugbuilder;

/** Every exit code slugbuilder uses, chosen once; {@code --help} lists them from here. */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "an unexpected failure (run again with --debug for details)"),
    USAGE(2, "wrong command-line usage"),
    BAD_INPUT(3, "a problem in the app's files (Procfile, .env, package.json, Dockerfile, ...)"),
    ENGINE(4, "the Docker engine is unreachable, or a build, a container or its port failed"),
    PLATFORM_API(5, "the Heroku Platform API refused or failed a request"),
    ENVIRONMENT(
            6,
            "a missing tool, credential or permission on this machine (e.g. debootstrap, root, an API token),"
                    + " or no space left on its disk for a file slugbuilder writes"),
    /** Commands that pass their process's exit code through; their own failures get docker run's code. */
    PROCESS_PASS_THROUGH_FAILURE(
            125,
            "slugbuilder itself failed (start, exec, test, slug run, addons shell, container run; the error line says why)"),
    INTERRUPTED(130, "interrupted (Ctrl-C); everything started was stopped and removed");

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
