package slugbuilder.engine;

import java.util.List;

/**
 * What a registry would be told about a local image, from the engine's inspect: what a push is
 * checked against before any upload.
 *
 * @param os           "linux"
 * @param architecture "amd64", "arm64", ...
 * @param cmd          the image's CMD (empty when unset)
 * @param entrypoint   the image's ENTRYPOINT (empty when unset)
 * @param size         the unpacked size in bytes, as the engine counts it
 * @param layers       the diff ids of its root filesystem's layers, bottom first
 */
public record ImageDetails(
        String id,
        String os,
        String architecture,
        List<String> cmd,
        List<String> entrypoint,
        long size,
        List<String> layers) {
    public ImageDetails {
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        layers = List.copyOf(layers);
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
