package slugbuilder.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.core.AppImages;

/** How the app's images are built: build arguments and the build steps' network. */
final class BuildOptions {
    @Option(
            names = "--build-arg",
            paramLabel = "NAME=VALUE",
            description = "A value for a Dockerfile ARG, e.g. NODE_MIRROR=http://mirror.local/dist. Repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Option(
            names = "--build-network",
            paramLabel = "NAME",
            description = "The network build steps use, e.g. host to reach a mirror on this machine's 127.0.0.1.")
    String buildNetwork;

    AppImages.BuildSettings settings() {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < buildArgs.size(); i++) {
            String arg = buildArgs.get(i);
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                // the argument may be a bare secret (a mirror's token): never repeat it
                throw new SlugbuilderException(
                        ExitCode.USAGE,
                        "--build-arg: expected NAME=VALUE (argument " + (i + 1) + " of --build-arg)",
                        "write --build-arg NAME=VALUE");
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new AppImages.BuildSettings(args, buildNetwork);
    }
}
