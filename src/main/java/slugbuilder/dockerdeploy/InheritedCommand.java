package slugbuilder.dockerdeploy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@code Dockerfile.<type>} that sets neither CMD nor ENTRYPOINT (in the stage built, or a stage
 * of the same file it starts FROM) runs whatever its base image gives: for a stack image, a shell,
 * which exits at once on a dyno (no terminal) and reads as a crash. The warning names that command.
 */
final class InheritedCommand {
    private static final Set<String> SHELLS = Set.of("bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/bash", "dash");

    private InheritedCommand() {}

    /**
     * The warning for TYPE's image (whose effective command is CMD after ENTRYPOINT) built from
     * DOCKERFILE (its TEXT, up to the stage TARGET, null for the last), or empty when the Dockerfile
     * sets a command itself or the image has none at all (an error elsewhere).
     */
    static Optional<String> warning(
            String type, String dockerfile, String text, String target, List<String> cmd, List<String> entrypoint) {
        if (cmd.isEmpty() && entrypoint.isEmpty()) {
            return Optional.empty();
        }
        List<String> stages = DockerfileInstructions.stageNames(text);
        Set<String> visited = new HashSet<>();
        List<DockerfileInstructions.Instruction> stage =
                target == null ? DockerfileInstructions.finalStage(text) : DockerfileInstructions.stage(text, target);
        while (true) {
            if (stage.stream()
                    .anyMatch(i -> i.keyword().equals("CMD") || i.keyword().equals("ENTRYPOINT"))) {
                return Optional.empty();
            }
            String base = stage.isEmpty() || !stage.get(0).keyword().equals("FROM")
                    ? ""
                    : baseImage(stage.get(0).arguments());
            String parent =
                    stages.stream().filter(base::equalsIgnoreCase).findFirst().orElse(null);
            if (parent == null || !visited.add(parent.toLowerCase(Locale.ROOT))) {
                return Optional.of(describe(type, dockerfile, base, cmd, entrypoint));
            }
            stage = DockerfileInstructions.stage(text, parent); // FROM another stage of this file: its CMD counts
        }
    }

    private static String describe(
            String type, String dockerfile, String base, List<String> cmd, List<String> entrypoint) {
        List<String> effective = entrypoint.isEmpty() ? cmd : entrypoint;
        String shown = ContainerRuntime.shellString(
                entrypoint.isEmpty()
                        ? cmd
                        : Stream.concat(entrypoint.stream(), cmd.stream()).toList());
        boolean shell = effective.size() <= 2 && SHELLS.contains(effective.get(0));
        return dockerfile + " sets no CMD of its own: the " + type + " image runs \"" + shown
                + "\", inherited from " + (base.isEmpty() ? "its base image" : base)
                + (shell
                        ? ", a shell that exits at once on a dyno (no terminal); add a CMD line, e.g. CMD [\"./bin/"
                                + type + "\"]"
                        : "; add a CMD line unless that is the command its dynos should run");
    }

    /** The image FROM's ARGUMENTS name: flags (--platform=...) and "AS name" left out. */
    private static String baseImage(String arguments) {
        for (String word : arguments.split("\\s+")) {
            if (!word.startsWith("--") && !word.isEmpty()) {
                return word;
            }
        }
        return "";
    }
}
