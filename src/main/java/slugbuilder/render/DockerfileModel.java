package slugbuilder.render;

import java.util.List;
import java.util.Map;

/**
 * Everything a Dockerfile template may use. Templates fail to render when they name anything else.
 *
 * @param runtimes     runtime name to chosen version, e.g. {@code runtimes.node}
 * @param apt          whether /app/.apt is used: the app has an Aptfile or the platform unpacks packages
 * @param aptfile      whether the app has an Aptfile (its packages unpack in an ONBUILD step)
 * @param aptPackages  the platform's own packages, unpacked when the base image is built
 * @param probe        the platform's probes: whether the app has each file, e.g. {@code probe.packageJson}
 */
public record DockerfileModel(
        String generator,
        String platform,
        String title,
        String stack,
        Map<String, String> runtimes,
        boolean apt,
        boolean aptfile,
        List<String> aptPackages,
        Map<String, Boolean> probe) {

    /** Whether the platform unpacks packages of its own when the base image is built. */
    public boolean hasAptPackages() {
        return !aptPackages.isEmpty();
    }

    /** Space-separated, for a shell command line (package names are validated before). */
    public String aptPackageList() {
        return String.join(" ", aptPackages);
    }
}
