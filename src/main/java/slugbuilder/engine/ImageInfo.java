package slugbuilder.engine;

import java.util.List;
import java.util.Map;

/**
 * What slugbuilder reads from an image's configuration.
 *
 * @param user         the user it runs as ("" when unset, which means root)
 * @param onBuild      its ONBUILD instructions, in order, without the word ONBUILD
 * @param cmd          its CMD (empty when unset)
 * @param entrypoint   its ENTRYPOINT (empty when unset)
 * @param exposedPorts its EXPOSE ports as the engine keeps them ("8080/tcp"), sorted
 * @param volumes      its VOLUME paths, sorted
 * @param healthcheck  whether it has a HEALTHCHECK (HEALTHCHECK NONE has none)
 * @param os           "linux" ("" when the engine does not say)
 * @param architecture "amd64", "arm64", ...
 * @param size         the unpacked size in bytes, as the engine counts it
 * @param layers       the diff ids of its root filesystem's layers, bottom first: what a push sends
 */
public record ImageInfo(
        String id,
        String user,
        List<String> onBuild,
        Map<String, String> labels,
        List<String> cmd,
        List<String> entrypoint,
        List<String> exposedPorts,
        List<String> volumes,
        boolean healthcheck,
        String os,
        String architecture,
        long size,
        List<String> layers) {
    public ImageInfo {
        os = os == null ? "" : os;
        architecture = architecture == null ? "" : architecture;
        layers = List.copyOf(layers);
        onBuild = List.copyOf(onBuild);
        labels = Map.copyOf(labels);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        exposedPorts = exposedPorts.stream().sorted().toList();
        volumes = volumes.stream().sorted().toList();
    }

    /** An image whose runtime configuration (command, ports, volumes, health check) does not matter here. */
    public ImageInfo(String id, String user, List<String> onBuild, Map<String, String> labels) {
        this(id, user, onBuild, labels, List.of(), List.of(), List.of(), List.of(), false);
    }

    /** An image whose platform, size and layers do not matter here. */
    public ImageInfo(
            String id,
            String user,
            List<String> onBuild,
            Map<String, String> labels,
            List<String> cmd,
            List<String> entrypoint,
            List<String> exposedPorts,
            List<String> volumes,
            boolean healthcheck) {
        this(id, user, onBuild, labels, cmd, entrypoint, exposedPorts, volumes, healthcheck, "", "", 0, List.of());
    }

    /** The same image with ONBUILD as its ONBUILD instructions. */
    public ImageInfo withOnBuild(List<String> onBuild) {
        return new ImageInfo(
                id,
                user,
                onBuild,
                labels,
                cmd,
                entrypoint,
                exposedPorts,
                volumes,
                healthcheck,
                os,
                architecture,
                size,
                layers);
    }

    /** "linux/amd64". */
    public String platform() {
        return os + "/" + architecture;
    }

    /** Whether a container of it has anything to run without a command given. */
    public boolean hasCommand() {
        return !cmd.isEmpty() || !entrypoint.isEmpty();
    }
}
