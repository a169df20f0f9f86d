package slugbuilder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.run.AppImages;
import slugbuilder.run.ConfigVars;

/** Options shared by the commands that build and run the app. */
final class AppOptions {
    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "The app's directory (default: the current directory).")
    Path dir = Path.of(".");

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "A config var; wins over --env-file and .env. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "More config vars in .env syntax; wins over .env. Repeatable.")
    List<String> envFiles = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE",
            description = "A value for a Dockerfile ARG, e.g. NODE_MIRROR=http://mirror.local/dist. Repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--build-network", paramLabel = "NAME",
            description = "The network build steps use, e.g. host to reach a mirror on this machine's 127.0.0.1.")
    String buildNetwork;

    AppDir app() {
        return AppDir.open(dir);
    }

    Map<String, String> vars(AppDir app) {
        return ConfigVars.collect(app, envFiles, env);
    }

    AppImages.BuildSettings buildSettings() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new SlugbuilderException(ExitCode.USAGE, "--build-arg " + arg + ": expected NAME=VALUE", "write --build-arg NAME=VALUE");
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new AppImages.BuildSettings(args, buildNetwork);
    }
}
