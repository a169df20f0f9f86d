package slugbuilder.dockerdeploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ImageInfo;

/**
 * What Heroku's container runtime does with an image, as rules {@code container run} applies:
 * which user the process runs as, which command it runs, and which of the image's instructions
 * the runtime ignores. No engine here: only the image's configuration and the Dockerfile's text.
 */
public final class ContainerRuntime {
    /**
     * The user a root image runs as: nobody (65534:65534). It exists in the passwd file of every
     * common base image, so tools that look the user up work; it owns nothing in the image, so a
     * write to files COPY left to root fails here as it does on a dyno; and unlike the host's
     * uid it is never root (CI, containers) and the same on every machine.
     */
    public static final String UNPRIVILEGED_USER = "65534:65534";

    private static final List<String> SHELL = List.of("/bin/sh", "-c");

    private ContainerRuntime() {}

    /** What runs, and how messages name it. */
    public record Command(List<String> args, String shown, String source) {
        public Command {
            args = List.copyOf(args);
        }
    }

    /** Whether USER (the image's, "" when unset) is root, whom the runtime never runs a process as. */
    public static boolean isRoot(String user) {
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.isEmpty() || name.equals("root") || name.equals("0");
    }

    /**
     * The process's command, by Heroku's rule: the command line's words, else heroku.yml's
     * {@code run.<type>}, else the image's CMD; a command runs through {@code /bin/sh -c} unless
     * the image has an ENTRYPOINT, which then gets it as its arguments.
     *
     * @param words     the command line's CMD words (empty: none)
     * @param run       heroku.yml's run.<type>, if any
     * @param runSource where run.<type> is, for messages ("heroku.yml:7")
     * @param dockerfile the type's Dockerfile, for the error when there is nothing to run
     */
    public static Command command(
            String type,
            ImageInfo image,
            List<String> words,
            Optional<HerokuYml.RunCommand> run,
            String runSource,
            String dockerfile) {
        List<String> entrypoint = image.entrypoint();
        if (!words.isEmpty()) {
            String joined = String.join(" ", words);
            return entrypoint.isEmpty()
                    ? new Command(shell(joined), joined, "the command line")
                    : new Command(words, shown(entrypoint, words), "the command line, after the image's ENTRYPOINT");
        }
        if (run.isPresent()) {
            HerokuYml.RunCommand given = run.get();
            String source = runSource + " (run." + type + ")";
            if (given.shell() != null) {
                // a shell string under an ENTRYPOINT reaches it as Docker passes a shell-form CMD: sh -c STRING
                return new Command(
                        shell(given.shell()),
                        entrypoint.isEmpty() ? given.shell() : shown(entrypoint, shell(given.shell())),
                        source);
            }
            return new Command(given.exec(), shown(entrypoint, given.exec()), source);
        }
        if (image.cmd().isEmpty() && entrypoint.isEmpty()) {
            throw SlugbuilderException.badFile(
                    dockerfile,
                    0,
                    "the " + type + " image has neither CMD nor ENTRYPOINT: its dynos would have nothing to run",
                    "add a CMD line, e.g. CMD [\"./bin/" + type + "\"], or give a command: container run " + type
                            + " -- COMMAND");
        }
        if (!entrypoint.isEmpty()) {
            return new Command(image.cmd(), shown(entrypoint, image.cmd()), "the image's ENTRYPOINT and CMD");
        }
        String line = shellString(image.cmd());
        return new Command(shell(line), line, "the image's CMD");
    }

    /**
     * The string the runtime hands to {@code /bin/sh -c} for CMD: a shell form's own string (whatever
     * SHELL made of it), else the exec form's words joined by spaces, so that $PORT expands.
     */
    static String shellString(List<String> cmd) {
        if (cmd.size() == 3 && cmd.get(1).equals("-c") && cmd.get(0).endsWith("sh")) {
            return cmd.get(2);
        }
        return String.join(" ", cmd);
    }

    private static List<String> shell(String line) {
        List<String> args = new ArrayList<>(SHELL);
        args.add(line);
        return args;
    }

    private static String shown(List<String> entrypoint, List<String> args) {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(args);
        return String.join(" ", all);
    }

    /**
     * Warnings for what the runtime ignores: VOLUME, STOPSIGNAL, SHELL and HEALTHCHECK lines of the
     * Dockerfile's final stage (named by line), a base image's volumes or health check, and, for
     * web, EXPOSE of a port other than $PORT.
     */
    public static List<String> warnings(
            String type, String dockerfile, String dockerfileText, ImageInfo image, int port) {
        return warnings(type, dockerfile, dockerfileText, null, image, port);
    }

    /** The same for the stage TARGET (null: the final stage), the one built into the image. */
    public static List<String> warnings(
            String type, String dockerfile, String dockerfileText, String target, ImageInfo image, int port) {
        List<String> warnings = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        List<DockerfileInstructions.Instruction> built = target == null
                ? DockerfileInstructions.finalStage(dockerfileText)
                : DockerfileInstructions.stage(dockerfileText, target);
        for (DockerfileInstructions.Instruction i : built) {
            String where = dockerfile + ":" + i.line() + ": " + i.keyword() + " " + i.arguments();
            String why =
                    switch (i.keyword()) {
                        case "VOLUME" -> "Heroku's runtime mounts no volumes: a dyno's filesystem is ephemeral";
                        case "STOPSIGNAL" -> "Heroku stops a dyno with SIGTERM, then SIGKILL after 30 s";
                        case "SHELL" -> "Heroku runs CMD through /bin/sh -c whatever SHELL says";
                        case "HEALTHCHECK" -> "Heroku checks only that web answers on $PORT";
                        default -> null;
                    };
            if (why != null) {
                written.add(i.keyword());
                warnings.add(where.strip() + " is ignored: " + why);
            }
        }
        if (!written.contains("VOLUME") && !image.volumes().isEmpty()) {
            warnings.add("the " + type + " image's base declares VOLUME " + String.join(" ", image.volumes())
                    + ", ignored: Heroku's runtime mounts no volumes");
        }
        if (!written.contains("HEALTHCHECK") && image.healthcheck()) {
            warnings.add("the " + type + " image's base has a HEALTHCHECK, ignored: Heroku checks only that web"
                    + " answers on $PORT");
        }
        List<Integer> others = otherExposedPorts(image, port);
        if (type.equals("web") && !others.isEmpty()) {
            warnings.add("the web image EXPOSEs " + joinPorts(others) + ", which Heroku's runtime ignores: web must"
                    + " listen on $PORT (" + port + " here)");
        }
        return warnings;
    }

    /** The TCP ports the image EXPOSEs other than PORT. */
    public static List<Integer> otherExposedPorts(ImageInfo image, int port) {
        List<Integer> ports = new ArrayList<>();
        for (String exposed : image.exposedPorts()) {
            String[] parts = exposed.toLowerCase(Locale.ROOT).split("/");
            if (parts.length > 1 && !parts[1].equals("tcp")) {
                continue;
            }
            try {
                int number = Integer.parseInt(parts[0]);
                if (number != port) {
                    ports.add(number);
                }
            } catch (NumberFormatException notANumber) {
                // a range or a name: nothing to compare
            }
        }
        return ports;
    }

    static String joinPorts(List<Integer> ports) {
        return String.join(", ", ports.stream().map(String::valueOf).toList());
    }

    /** The process's environment: the config vars, then PORT and DYNO, which the runtime sets. */
    public static List<String> env(Map<String, String> vars, int port, String dyno) {
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> {
            if (!k.equals("PORT") && !k.equals("DYNO")) {
                env.add(k + "=" + v);
            }
        });
        env.add("PORT=" + port);
        env.add("DYNO=" + dyno);
        return env;
    }
}
