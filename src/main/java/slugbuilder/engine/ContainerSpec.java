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
 * @param network    the user-defined network to join, and the names it is known by there; null for the default bridge
 * @param volumes    named volume to container path
 * @param memory     the memory it may use (a dyno size's quota and limit); null for no limit
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
        boolean terminal,
        NetworkJoin network,
        Map<String, String> volumes,
        MemoryLimit memory) {

    /**
     * A memory limit: QUOTA_BYTES of memory, and LIMIT_BYTES of memory and swap together (equal to
     * the quota: no swap).
     */
    public record MemoryLimit(long quotaBytes, long limitBytes) {}

    /** A user-defined network and the names (aliases) the container answers to on it. */
    public record NetworkJoin(String name, List<String> aliases) {
        public NetworkJoin {
            aliases = List.copyOf(aliases);
        }
    }

    public ContainerSpec {
        command = List.copyOf(command);
        env = List.copyOf(env);
        ports = Map.copyOf(ports);
        binds = Map.copyOf(binds);
        labels = Map.copyOf(labels);
        volumes = Map.copyOf(volumes);
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
        this(image, command, user, env, workingDir, ports, binds, labels, null, false, null, Map.of(), null);
    }

    /** A one-off command with the image's user and working directory, no ports, no mounts. */
    public static ContainerSpec oneOff(
            String image, List<String> command, List<String> env, Map<String, String> labels) {
        return new ContainerSpec(image, command, null, env, null, Map.of(), Map.of(), labels);
    }

    /** The same container running COMMAND. */
    public ContainerSpec withCommand(List<String> command) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container, named ROLE in messages ("the web.1 container"). */
    public ContainerSpec withRole(String role) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container with a terminal, or without. */
    public ContainerSpec withTerminal(boolean terminal) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container with LABELS in place of its own. */
    public ContainerSpec withLabels(Map<String, String> labels) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container on NETWORK (null: the default bridge). */
    public ContainerSpec withNetwork(NetworkJoin network) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container with the named VOLUMES (volume name to container path) mounted. */
    public ContainerSpec withVolumes(Map<String, String> volumes) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }

    /** The same container limited to MEMORY (null: no limit). */
    public ContainerSpec withMemory(MemoryLimit memory) {
        return new ContainerSpec(
                image, command, user, env, workingDir, ports, binds, labels, role, terminal, network, volumes, memory);
    }
}
