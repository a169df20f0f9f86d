package slugbuilder.engine.docker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.PushFailedException;

/**
 * Turns whatever fails in the engine adapter (the engine's refusals, the transport's
 * IOExceptions) into one {@code failed to <action>: <cause>} line with exit 4, or into the
 * exit code of what really went wrong: the app's Dockerfile (3), an interrupt (130).
 */
final class EngineErrors {
    /** How to get an engine; scripts of this repository are no help to a user of the jar. */
    static final String START_AN_ENGINE =
            "start the Docker engine (e.g. 'sudo systemctl start docker'), or point DOCKER_HOST at a "
                    + "running one (tcp:// with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for TLS)";

    static final String STACK_HINT = "build a local stack with 'slugbuilder stack build', or name another with --stack";

    private static final Pattern PARSE_ERROR =
            Pattern.compile("dockerfile parse error (?:on )?line (\\d+): (.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNKNOWN_INSTRUCTION =
            Pattern.compile("unknown instruction: .+", Pattern.CASE_INSENSITIVE);
    // Podman's (buildah's): Unknown instruction: "X" &imagebuilder.Step{..., Original:"X here"}
    private static final Pattern STEP_DUMP = Pattern.compile(
            "unknown instruction: \"([^\"]+)\" &imagebuilder\\.Step\\{.*Original:\"((?:[^\"\\\\]|\\\\.)*)\"",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DENIED_FOR = Pattern.compile("pull access denied for ([^\\s,]+)");
    private static final Pattern MANIFEST_FOR = Pattern.compile("manifest for (\\S+) not found");
    private static final Pattern REPOSITORY = Pattern.compile("repository (\\S+) not found");
    private static final Pattern BOUND_PORT =
            Pattern.compile("(?:Bind for |listen tcp[46]? )\\[?[0-9a-f.:]*\\]?:(\\d+)");

    private final String host;
    private final BooleanSupplier shuttingDown;
    private final boolean podman;

    EngineErrors(String host) {
        this(host, Cleanup::shuttingDown);
    }

    /** SHUTTING_DOWN tells whether the JVM is exiting (Ctrl-C, SIGTERM): then a failure is the interrupt's doing. */
    EngineErrors(String host, BooleanSupplier shuttingDown) {
        this(host, shuttingDown, false);
    }

    private EngineErrors(String host, BooleanSupplier shuttingDown, boolean podman) {
        this.host = host;
        this.shuttingDown = shuttingDown;
        this.podman = podman;
    }

    /** The same, for an engine known to be Podman or not: Podman's own refusals are worded by {@link PodmanLimits}. */
    EngineErrors onPodman(boolean isPodman) {
        return new EngineErrors(host, shuttingDown, isPodman);
    }

    /** Where a build failed: the Dockerfile's name, and the image of its FROM step when that was the step in hand (or null). */
    record BuildSite(String dockerfile, String fromImage) {}

    /** The failure of ACTION ("create the web.1 container"), as the user should see it. */
    SlugbuilderException translate(String action, RuntimeException failure) {
        return translate(action, failure, null);
    }

    /** The failure of ACTION; SITE is given for builds, whose failures may be the Dockerfile's. */
    SlugbuilderException translate(String action, RuntimeException failure, BuildSite site) {
        if (shuttingDown.getAsBoolean()) {
            return new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted", null, failure);
        }
        return translateAsIs(action, failure, site);
    }

    /**
     * The failure of ACTION, even while the JVM exits: for what cleanups call (remove, list),
     * whose failure then is not the interrupt's doing and must say why.
     */
    SlugbuilderException translateCleanup(String action, RuntimeException failure) {
        return translateAsIs(action, failure, null);
    }

    private SlugbuilderException translateAsIs(String action, RuntimeException failure, BuildSite site) {
        SlugbuilderException fromContext = contextFailure(failure);
        if (fromContext != null) {
            return fromContext;
        }
        if (failure instanceof PushFailedException pushFailed) {
            return pushFailure(action, pushFailed);
        }
        if (failure instanceof SlugbuilderException known && !(failure instanceof BuildFailedException)) {
            return known;
        }
        String message = engineMessage(failure);
        String lower = message.toLowerCase(Locale.ROOT);
        SlugbuilderException podmans = podman ? PodmanLimits.explain(action, message, failure) : null;
        if (podmans != null) {
            return podmans;
        }
        if (site != null) {
            SlugbuilderException dockerfile = dockerfileProblem(site.dockerfile(), message);
            if (dockerfile != null) {
                return dockerfile;
            }
        }
        if (isPullFailure(lower, site)) {
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": the image " + pulledImage(message, site)
                            + " is not in the engine and cannot be pulled: " + message,
                    STACK_HINT,
                    failure);
        }
        if (unreachable(failure)) {
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": cannot reach the Docker engine at " + host + ": " + rootMessage(failure),
                    START_AN_ENGINE,
                    failure);
        }
        if (lower.contains("no space left on device")) {
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": the engine's disk is full: " + message,
                    "free space where the engine keeps its data ('docker system prune' removes what nothing uses)",
                    failure);
        }
        if (lower.contains("port is already allocated") || lower.contains("address already in use")) {
            Matcher port = BOUND_PORT.matcher(message);
            String which = port.find() ? "port " + port.group(1) + " on 127.0.0.1" : "the port";
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": " + which + " is busy",
                    "stop what uses it, or choose another with --port N",
                    failure);
        }
        if (failure instanceof BuildFailedException buildFailed) {
            return buildFailed; // a step failed: its output above says why
        }
        if (connectionLost(failure)) {
            return new SlugbuilderException(
                    ExitCode.ENGINE,
                    "failed to " + action + ": the Docker engine at " + host + " stopped answering: "
                            + rootMessage(failure),
                    "check that the engine still runs; its log says why it stopped",
                    failure);
        }
        return new SlugbuilderException(ExitCode.ENGINE, "failed to " + action + ": " + message, null, failure);
    }

    /**
     * A push the registry refused or failed. Its message is the registry's ("unauthorized:
     * authentication required"), which never carries the credentials the engine was given.
     */
    private static SlugbuilderException pushFailure(String action, PushFailedException failure) {
        String message = failure.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("401")) {
            return new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "failed to " + action + ": the registry refused the token (" + message + ")",
                    PUSH_TOKEN_HINT,
                    failure);
        }
        if (lower.contains("denied")) {
            return new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "failed to " + action + ": the registry denied access (" + message + ")",
                    "check the app's name (-a APP) and that the token's account may deploy to it",
                    failure);
        }
        if (lower.contains("connection refused")
                || lower.contains("connection reset")
                || lower.contains("no such host")
                || lower.endsWith(": eof")) {
            return new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "failed to " + action + ": the registry stopped answering (" + message + ")",
                    "check that the registry runs and is reachable from the engine, then push again"
                            + " (layers it already has are not sent again)",
                    failure);
        }
        return new SlugbuilderException(
                ExitCode.PLATFORM_API,
                "failed to " + action + ": " + message,
                "the registry failed the upload; push again once it answers (layers it already has are not sent again)",
                failure);
    }

    static final String PUSH_TOKEN_HINT =
            "check the API token (HEROKU_API_KEY, else ~/.netrc; `heroku auth:token` prints a valid one)";

    /**
     * The build context's writer failed (an unreadable file, say): the engine's complaint about
     * the cut-short context is only the consequence. StreamingPipe keeps the writer's failure as
     * a suppressed exception of the reader's.
     */
    private static SlugbuilderException contextFailure(RuntimeException failure) {
        for (Throwable suppressed : failure.getSuppressed()) {
            for (Throwable t = suppressed; t != null; t = t.getCause()) {
                if (t instanceof SlugbuilderException known) {
                    return known;
                }
                if (t instanceof AccessDeniedException denied) {
                    return SlugbuilderException.badFile(
                            denied.getFile(),
                            0,
                            "permission denied",
                            "fix its permissions, or list it in .dockerignore");
                }
            }
        }
        return null;
    }

    private static SlugbuilderException dockerfileProblem(String dockerfile, String message) {
        Matcher parse = PARSE_ERROR.matcher(message);
        if (parse.find()) {
            int line = Integer.parseInt(parse.group(1));
            return SlugbuilderException.badFile(
                    dockerfile,
                    line,
                    parse.group(2).strip(),
                    "fix line " + line + " (the Dockerfile reference lists the instructions)");
        }
        Matcher dump = STEP_DUMP.matcher(message);
        if (dump.find()) {
            return SlugbuilderException.badFile(
                    dockerfile,
                    0,
                    "unknown instruction: " + dump.group(1) + " (in the line \"" + dump.group(2) + "\")",
                    "fix that line (the Dockerfile reference lists the instructions)");
        }
        Matcher unknown = UNKNOWN_INSTRUCTION.matcher(message);
        if (unknown.find()) {
            return SlugbuilderException.badFile(
                    dockerfile,
                    0,
                    unknown.group().strip(),
                    "fix that line (the Dockerfile reference lists the instructions)");
        }
        if (message.contains("Cannot locate specified Dockerfile")) {
            return SlugbuilderException.badFile(
                    dockerfile,
                    0,
                    "the engine did not receive it (" + message + ")",
                    "an unreadable file or directory in the app cuts the build context short: fix its permissions, or list it in .dockerignore");
        }
        return null;
    }

    /**
     * The engine's own signs of a failed pull. Looser ones ("not found", "dial tcp") count only
     * at a FROM step, where a missing image is the only thing that can be not found.
     */
    private static boolean isPullFailure(String lower, BuildSite site) {
        if (lower.contains("pull access denied")
                || lower.contains("manifest unknown")
                || lower.contains("registry-1.docker.io")
                || MANIFEST_FOR.matcher(lower).find()) {
            return true;
        }
        boolean atFrom = site != null && site.fromImage() != null;
        return atFrom
                && (lower.contains("not found")
                        || lower.contains("dial tcp")
                        || lower.contains("no such host")
                        || lower.contains("failed to resolve reference")
                        || lower.contains("toomanyrequests"));
    }

    private static String pulledImage(String message, BuildSite site) {
        for (Pattern named : new Pattern[] {DENIED_FOR, MANIFEST_FOR, REPOSITORY}) {
            Matcher m = named.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return site != null && site.fromImage() != null ? site.fromImage() : "named by FROM";
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SocketException
                    && t.getMessage() != null
                    && (t.getMessage().contains("No such file or directory")
                            || t.getMessage().contains("Connection refused"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The engine's message: a refusal's {"message":"x"} is x, and a JSON stream's "error" is its text.
     */
    static String engineMessage(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return rootMessage(failure);
        }
        message = message.strip();
        if (failure instanceof BuildFailedException) {
            message = message.replaceFirst("^build failed: ", "");
        }
        for (String line : message.split("\n")) {
            String text = jsonText(line.strip());
            if (text != null) {
                return text;
            }
        }
        return message;
    }

    private static String jsonText(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        byte[] json = line.getBytes(StandardCharsets.UTF_8);
        for (String field : new String[] {"message", "error"}) {
            String text = EngineJson.field(json, field);
            if (text != null) {
                return text.strip();
            }
        }
        return null; // not JSON after all, or neither field: shown as it is
    }

    /** The innermost cause's message, or its class when it has none. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
