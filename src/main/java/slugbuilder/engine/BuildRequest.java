package slugbuilder.engine;

import java.util.List;
import java.util.Map;

/**
 * One image build.
 *
 * @param context   the build context, including the Dockerfile at {@code dockerfile}
 * @param tags      repository:tag names for the result
 * @param buildArgs values for the Dockerfile's ARGs
 * @param labels    labels set on the image, so slugbuilder can find what it made
 * @param network   the network the build's RUN steps use (e.g. "host" to reach a mirror on
 *                  this machine's loopback); null for the engine's default
 */
public record BuildRequest(BuildContext context, String dockerfile, List<String> tags,
                           Map<String, String> buildArgs, Map<String, String> labels, String network) {

    public BuildRequest(BuildContext context, String dockerfile, List<String> tags,
                        Map<String, String> buildArgs, Map<String, String> labels) {
        this(context, dockerfile, tags, buildArgs, labels, null);
    }

    public BuildRequest {
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
    }
}
