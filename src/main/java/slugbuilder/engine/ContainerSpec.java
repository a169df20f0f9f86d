package slugbuilder.engine;

import java.util.List;
import java.util.Map;

/**
 * A container to create. Environment values travel as separate entries through the Engine
 * API, never through a shell, so no value can be mangled or executed.
 *
 * @param user       "uid:gid" or a user name; null for the image's own user
 * @param workingDir null for the image's own
 * @param ports      container port to host port, published on 127.0.0.1 only
 * @param binds      host path to container path
 * @param role       what the container is for, as error messages name it: "the web.1 container"
 * @param terminal   give it a terminal and keep its stdin open for {@link ContainerEngine#attach};
 *                   without, it gets no input at all (like {@code docker run} without -i)
 */
public record ContainerSpec(
        String image,
        List<String> command,
        String user,
        List<String> env,
        String workingDir,
        Map<Integer, Integer> ports,
        Map<String, String> binds,
        Map<String, String> labels,
        String role,
        boolean terminal) {

    public ContainerSpec {
        command = List.copyOf(command);
        env = List.copyOf(env);
        ports = Map.copyOf(ports);
        binds = Map.copyOf(binds);
        labels = Map.copyOf(labels);
        if (role == null) {
            role = "a container of " + image;
        }
    }

    /** A container without a terminal, named after its image in messages. */
    public ContainerSpec(
            String image,
            List<String> command,
            String user,
            List<String> env,
            String workingDir,
            Map<Integer, Integer> ports,
            Map<String, String> binds,
            Map<String, String> labels) {
        this(image, command, user, env, workingDir, ports, binds, labels, null, false);
    }

    /** A one-off command with the image's user and working directory, no ports, no mounts. */
    public static ContainerSpec oneOff(
            String image, List<String> command, List<String> env, Map<String, String> labels) {
        return new ContainerSpec(image, command, null, env, null, Map.of(), Map.of(), labels);
    }

    /** The same container, named ROLE in messages ("the web.1 container"). */
    public ContainerSpec withRole(String role) {
        return new ContainerSpec(image, command, user, env, workingDir, ports, binds, labels, role, terminal);
    }

    /** The same container with a terminal, or without. */
    public ContainerSpec withTerminal(boolean terminal) {
        return new ContainerSpec(image, command, user, env, workingDir, ports, binds, labels, role, terminal);
    }

    /** The same container with LABELS in place of its own. */
    public ContainerSpec withLabels(Map<String, String> labels) {
        return new ContainerSpec(image, command, user, env, workingDir, ports, binds, labels, role, terminal);
    }
}
