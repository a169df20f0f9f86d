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
 * @param purpose   what is built, as error messages name it: "the base image"
 * @param platform  the platform to build for ("linux/amd64"), whatever the engine's own; null for the engine's
 * @param target    the Dockerfile stage to build and tag (its {@code FROM ... AS} name, as {@code docker build
 *                  --target} takes it; the Engine API's {@code target} query parameter of {@code POST /build});
 *                  null for the last stage
 */
public record BuildRequest(
        BuildContext context,
        String dockerfile,
        List<String> tags,
        Map<String, String> buildArgs,
        Map<String, String> labels,
        String network,
        String purpose,
        String platform,
        String target) {

    public BuildRequest(
            BuildContext context,
            String dockerfile,
            List<String> tags,
            Map<String, String> buildArgs,
            Map<String, String> labels) {
        this(context, dockerfile, tags, buildArgs, labels, null, null, null);
    }

    public BuildRequest(
            BuildContext context,
            String dockerfile,
            List<String> tags,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            String network) {
        this(context, dockerfile, tags, buildArgs, labels, network, null, null);
    }

    public BuildRequest(
            BuildContext context,
            String dockerfile,
            List<String> tags,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            String network,
            String purpose) {
        this(context, dockerfile, tags, buildArgs, labels, network, purpose, null);
    }

    public BuildRequest(
            BuildContext context,
            String dockerfile,
            List<String> tags,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            String network,
            String purpose,
            String platform) {
        this(context, dockerfile, tags, buildArgs, labels, network, purpose, platform, null);
    }

    public BuildRequest {
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        if (purpose == null) {
            purpose = tags.isEmpty() ? "an image" : "the image " + tags.get(0);
        }
    }

    /** The same build, named PURPOSE in messages ("the base image"). */
    public BuildRequest withPurpose(String purpose) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, labels, network, purpose, platform, target);
    }

    /** The same build, for PLATFORM ("linux/amd64") whatever the engine's own. */
    public BuildRequest withPlatform(String platform) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, labels, network, purpose, platform, target);
    }

    /** The same build, up to the stage TARGET (null: the last stage). */
    public BuildRequest withTarget(String target) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, labels, network, purpose, platform, target);
    }
}
