package slugbuilder.dockerdeploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.dockerignore.DockerIgnore;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.DirectoryContext;

/**
 * Builds a process type's image from its Dockerfile, for linux/amd64 whatever the host, as
 * {@code container push} sends it and {@code container run} runs it; tagged locally with the
 * app's labels, so {@code clean} finds it.
 */
public final class ContainerImageBuilder {
    public static final String PLATFORM = "linux/amd64";

    private final ContainerEngine engine;
    private final Console console;

    public ContainerImageBuilder(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /** --context-path made absolute, or null when not given; a directory that is not there is a usage error. */
    public static Path contextPath(Path option) {
        if (option == null) {
            return null;
        }
        Path contextPath = option.toAbsolutePath().normalize();
        if (!Files.isDirectory(contextPath)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--context-path " + option + ": no such directory",
                    "name the directory the Dockerfiles' COPY lines read from");
        }
        return contextPath;
    }

    /** heroku.yml's build.config, then the --build-arg values, which win. */
    public static Map<String, String> buildArgs(Optional<HerokuYml> yml, Map<String, String> options) {
        Map<String, String> buildArgs = new LinkedHashMap<>();
        yml.ifPresent(y -> buildArgs.putAll(y.buildConfig()));
        buildArgs.putAll(options);
        return buildArgs;
    }

    /**
     * Builds BUILD's image and returns its local tag.
     *
     * @param contextPath the build context, or null for the directory of the type's Dockerfile
     * @param network     the network the build steps use, or null
     */
    public String build(
            AppDir app,
            ContainerTypes.TypeBuild build,
            Path contextPath,
            Map<String, String> buildArgs,
            String network,
            AppIdentity identity) {
        Path dockerfile = app.root().resolve(build.dockerfile());
        Path context = contextPath != null ? contextPath : dockerfile.getParent();
        AppDir contextDir = AppDir.open(context, "pass it with --context-path DIR");
        String tag = localTag(identity, build.type());
        console.step("Building " + build.type() + " from " + build.dockerfile()
                + (build.target() != null ? " up to its stage " + build.target() : "") + " (" + PLATFORM + ")");
        // a Dockerfile outside its context goes in under a name of its own, as the Docker CLI sends it
        Map<String, byte[]> generated = new TreeMap<>();
        String inContext;
        if (dockerfile.startsWith(contextDir.root())) {
            inContext = contextDir.root().relativize(dockerfile).toString().replace('\\', '/');
        } else {
            inContext = ".slugbuilder-dockerfile." + build.type();
            generated.put(inContext, read(dockerfile, build.dockerfile()));
        }
        DockerIgnore ignore = DockerIgnore.read(contextDir).keepingBuildFiles(inContext);
        String env = ".env";
        BuildRequest request = new BuildRequest(
                        new DirectoryContext(
                                contextDir.root(),
                                generated,
                                path -> path.equals(env) || ignore.excludes(path),
                                ignore::mustWalk),
                        inContext,
                        List.of(tag),
                        buildArgs,
                        identity.labels("container"),
                        network)
                .withPurpose("the " + build.type() + " image")
                .withPlatform(PLATFORM)
                .withTarget(build.target());
        engine.images().build(request, console::detail);
        return tag;
    }

    /** The local tag of a type's image; the app's labels let clean find it. */
    public static String localTag(AppIdentity identity, String type) {
        return identity.repository() + ":container-" + type;
    }

    private static byte[] read(Path file, String name) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw SlugbuilderException.badFile(name, 0, "cannot be read: " + e.getMessage(), "check its permissions");
        }
    }
}
