package slugbuilder.init;

import java.nio.file.Path;
import java.util.List;
import slugbuilder.detect.Detection;
import slugbuilder.detect.ResolvedRuntime;

/**
 * What {@code init} wrote and why.
 *
 * @param dockerignore the .dockerignore written, or null when the app had one
 * @param aptPackages  the Aptfile's packages, empty without one
 */
public record InitResult(
        Path dockerfile,
        Path dockerignore,
        Detection detection,
        List<ResolvedRuntime> runtimes,
        String stack,
        List<String> aptPackages) {

    /** "Wrote Dockerfile (node 20.18.0 from engines ^20, stack heroku/heroku:24-build)". */
    public String summary() {
        StringBuilder s = new StringBuilder("Wrote Dockerfile (");
        if (runtimes.isEmpty()) {
            s.append(detection.platform().name());
        } else {
            for (int i = 0; i < runtimes.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(runtimes.get(i).describe());
            }
        }
        return s.append(", stack ").append(stack).append(')').toString();
    }
}
