package slugbuilder.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import slugbuilder.Cleanup;
import slugbuilder.app.AppDockerfile;
import slugbuilder.console.Console;
import slugbuilder.dockerignore.DockerIgnore;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.DirectoryContext;
import slugbuilder.engine.Labels;

/**
 * The app's two images. The base image (the Dockerfile up to its ONBUILD lines) is built only
 * when missing, under a tag that hashes the Dockerfile and the stack image's id, so a changed
 * Dockerfile or a re-pulled stack rebuilds it and nothing else does. Build arguments (a
 * runtime mirror, say) are recorded in a label: given again with other values, they rebuild
 * it; left out, the image is used as it was built.
 * The start image is a one-line {@code FROM base} that fires the ONBUILD steps; its Dockerfile
 * exists only inside the build context sent to the engine, never in the app directory, and
 * the engine drops it before any COPY, so it cannot reach the image or bust the cache.
 */
public final class AppImages {
    /** The generated start Dockerfile's name inside the build context. */
    public static final String START_DOCKERFILE = ".slugbuilder.start.Dockerfile";

    static final String BUILD_ARGS_LABEL = "slugbuilder.build-args";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final AppInputs inputs;
    private final AppIdentity identity;
    private final BuildSettings settings;

    /**
     * @param buildArgs values for the Dockerfile's ARGs (e.g. a runtime mirror)
     * @param network   the network build steps use, or null
     */
    public record BuildSettings(Map<String, String> buildArgs, String network) {
        public BuildSettings {
            buildArgs = Map.copyOf(buildArgs);
        }

        public static BuildSettings defaults() {
            return new BuildSettings(Map.of(), null);
        }
    }

    /** INPUTS: the Dockerfile and .dockerignore the command read when it started. */
    public AppImages(
            ContainerEngine engine, Console console, Cleanup cleanup, AppInputs inputs, BuildSettings settings) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.inputs = inputs;
        this.identity = AppIdentity.of(inputs.app());
        this.settings = settings;
    }

    /** The base image's tag, building it when the engine does not have it yet. */
    public String base() {
        AppDockerfile dockerfile = inputs.dockerfile();
        String stackId = engine.images().imageId(dockerfile.stack()).orElse("not-local:" + dockerfile.stack());
        String tag = identity.repository() + ":base-"
                + AppIdentity.sha256(dockerfile.text() + "\0" + stackId).substring(0, 12);
        String argsHash = AppIdentity.sha256(new TreeMap<>(settings.buildArgs()).toString())
                .substring(0, 12);
        if (engine.images().imageId(tag).isPresent()) {
            boolean sameArgs = settings.buildArgs().isEmpty()
                    || argsHash.equals(engine.images().inspect(tag).labels().get(BUILD_ARGS_LABEL));
            if (sameArgs) {
                console.step("Base image " + tag + " is up to date");
                return tag;
            }
            console.step("Rebuilding the base image " + tag + " with the build arguments given");
        } else {
            console.step("Building the base image " + tag + " (stack " + dockerfile.stack() + ")");
        }
        Map<String, String> labels = new TreeMap<>(identity.labels("base"));
        labels.put(BUILD_ARGS_LABEL, argsHash);
        buildRemovingStraySteps(
                new BuildRequest(
                                baseContext(dockerfile),
                                "Dockerfile",
                                List.of(tag),
                                settings.buildArgs(),
                                labels,
                                settings.network())
                        .withPurpose("the base image"),
                console::detail);
        return tag;
    }

    /**
     * What the base build is sent: the Dockerfile and what its base part copies (usually nothing:
     * the app's files are the ONBUILD steps' business), never the whole app to be uploaded for nothing.
     */
    private DirectoryContext baseContext(AppDockerfile dockerfile) {
        // the engine needs the Dockerfile even when .dockerignore lists it (the Docker CLI does the
        // same); it is the text the command read, which the base image's tag hashes, not the file
        // as it may be by now
        DockerIgnore ignore = inputs.dockerignore().keepingBuildFiles("Dockerfile");
        Predicate<String> ignored = excluding(ignore);
        Map<String, byte[]> read = Map.of("Dockerfile", dockerfile.text().getBytes(StandardCharsets.UTF_8));
        Optional<BaseBuildSources> sources = BaseBuildSources.of(dockerfile.text());
        if (sources.isEmpty()) {
            return new DirectoryContext(
                    inputs.app().root(),
                    read,
                    path -> path.equals("Dockerfile") || ignored.test(path),
                    ignore::mustWalk);
        }
        BaseBuildSources copied = sources.get();
        return new DirectoryContext(
                inputs.app().root(),
                read,
                path -> path.equals("Dockerfile") || !copied.covers(path) || ignored.test(path),
                dir -> copied.covers(dir) && ignore.mustWalk(dir));
    }

    /** Builds the start image on BASE, firing its ONBUILD steps; unchanged steps come from the cache. */
    public String start(String base) {
        return app(base, identity.startImage(), "start", Map.of());
    }

    /**
     * The build argument a test build sets, as Heroku CI builds an app for its tests: an ONBUILD
     * step that declares it ({@code ONBUILD ARG SLUGBUILDER_CI}) keeps what a release build leaves
     * out (a language's development and test dependencies). Steps that do not declare it are
     * shared with the start image's cache.
     */
    public static final String CI_BUILD_ARG = "SLUGBUILDER_CI";

    /** Builds the test image on BASE: the ONBUILD steps with {@link #CI_BUILD_ARG} set, under its own tag. */
    public String test(String base) {
        return app(base, identity.repository() + ":test", "test", Map.of(CI_BUILD_ARG, "true"));
    }

    private String app(String base, String tag, String kind, Map<String, String> extraArgs) {
        console.step("Building the app image " + tag);
        DockerIgnore ignore = inputs.dockerignore();
        // The engine removes the Dockerfile and .dockerignore from the context when
        // .dockerignore lists them, so both are listed in the one the engine receives.
        String dockerignore = inputs.dockerignoreText() + "\n" + START_DOCKERFILE + "\n.dockerignore\n";
        List<String> triggers = engine.images().inspect(base).onBuild();
        // the labels in one LABEL line: given to the engine separately, each costs a build step
        StringBuilder labels = new StringBuilder();
        new TreeMap<>(identity.labels(kind))
                .forEach((k, v) ->
                        labels.append(' ').append(k).append("=\"").append(v).append('"'));
        Map<String, byte[]> generated = Map.of(
                START_DOCKERFILE,
                ("FROM " + base + "\nLABEL" + labels + "\n").getBytes(StandardCharsets.UTF_8),
                ".dockerignore",
                dockerignore.getBytes(StandardCharsets.UTF_8));
        buildRemovingStraySteps(
                new BuildRequest(
                                new DirectoryContext(
                                        inputs.app().root(), generated, excluding(ignore), ignore::mustWalk),
                                START_DOCKERFILE,
                                List.of(tag),
                                argsUsedBy(triggers, extraArgs),
                                Map.of(),
                                settings.network())
                        .withPurpose("the app image"),
                new TriggerNames(triggers, console::detail));
        return tag;
    }

    /**
     * Builds; on Ctrl-C, also removes the step containers the engine creates after the build's
     * own hook ran (it finishes the step in hand before it notices its client has gone). The
     * base build's steps carry the base labels the engine gives them, the start build's those
     * of the base image they run on: both are found by the app and kind=base.
     */
    private void buildRemovingStraySteps(BuildRequest request, Consumer<String> output) {
        Map<String, String> stepLabels =
                Map.of(AppIdentity.APP_LABEL, identity.appFilter().get(AppIdentity.APP_LABEL), Labels.KIND, "base");
        try (Cleanup scope = cleanup.scope()) {
            scope.add("the build's step containers", () -> removeStepContainers(stepLabels));
            engine.images().build(request, output);
        }
    }

    private static final int STRAY_STEP_PASSES = 6;

    private void removeStepContainers(Map<String, String> stepLabels) {
        if (!Cleanup.shuttingDown()) {
            return; // the build ended by itself and removed its steps
        }
        // the engine takes a moment to notice; seen creating a step's container a second later
        for (int pass = 0; pass < STRAY_STEP_PASSES; pass++) {
            engine.containers().list(stepLabels).forEach(engine.containers()::remove);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        engine.containers().list(stepLabels).forEach(engine.containers()::remove);
    }

    /** Only the build arguments an ONBUILD step declares: the others were the base image's. */
    private Map<String, String> argsUsedBy(List<String> triggers, Map<String, String> extraArgs) {
        Map<String, String> used = new TreeMap<>();
        Map<String, String> given = new TreeMap<>(settings.buildArgs());
        given.putAll(extraArgs);
        given.forEach((name, value) -> {
            if (triggers.stream().anyMatch(t -> t.matches("(?is)ARG\\s+" + Pattern.quote(name) + "\\b.*"))) {
                used.put(name, value);
            }
        });
        return used;
    }

    /**
     * What the build context leaves out: what .dockerignore lists, and always the app's .env,
     * whose values are config vars given to processes, never baked into an image or a slug.
     */
    static Predicate<String> excluding(DockerIgnore ignore) {
        return path -> path.equals(ENV_FILE) || ignore.excludes(path);
    }

    static final String ENV_FILE = ".env";

    public AppIdentity identity() {
        return identity;
    }
}
