package slugbuilder.engine.docker;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * What Podman's Docker-compatible API refuses where Docker's does not, worded so the user learns
 * it is Podman's doing and what to change: one line naming Podman and the missing feature, and the
 * fix as the hint. Null for any other failure, which {@link EngineErrors} words as usual.
 */
final class PodmanLimits {
    private static final Pattern RLIMIT = Pattern.compile("error setting rlimit type (\\d+)");

    private PodmanLimits() {}

    static SlugbuilderException explain(String action, String message, RuntimeException failure) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("container-init binary not found")) {
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": Podman's Docker-compatible API cannot give the container an init"
                            + " process here: its init binary, catatonit, is not installed (" + message + ")",
                    "install catatonit (apt-get install catatonit): slugbuilder runs every process under an init,"
                            + " so that Ctrl-C and stop reach it",
                    failure);
        }
        Matcher rlimit = RLIMIT.matcher(lower);
        if (rlimit.find() && lower.contains("operation not permitted")) {
            String limit =
                    switch (rlimit.group(1)) {
                        case "7" -> "nofile";
                        case "6" -> "nproc";
                        default -> "resource " + rlimit.group(1);
                    };
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": Podman cannot start containers with its default " + limit
                            + " limit on this machine: it exceeds what Podman's own process may set (" + message + ")",
                    "cap Podman's defaults in /etc/containers/containers.conf: [containers] default_ulimits ="
                            + " [\"nofile=N:N\", \"nproc=M:M\"], N and M at most the hard limits in /proc/PID/limits"
                            + " of 'podman system service'; then restart it",
                    failure);
        }
        return null;
    }
}
