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
 */
public record ContainerSpec(String image, List<String> command, String user, List<String> env, String workingDir,
                            Map<Integer, Integer> ports, Map<String, String> binds, Map<String, String> labels) {

    public ContainerSpec {
        command = List.copyOf(command);
        env = List.copyOf(env);
        ports = Map.copyOf(ports);
        binds = Map.copyOf(binds);
        labels = Map.copyOf(labels);
    }

    /** A one-off command with the image's user and working directory, no ports, no mounts. */
    public static ContainerSpec oneOff(String image, List<String> command, List<String> env, Map<String, String> labels) {
        return new ContainerSpec(image, command, null, env, null, Map.of(), Map.of(), labels);
    }
}
