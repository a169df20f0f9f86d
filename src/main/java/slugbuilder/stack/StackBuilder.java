package slugbuilder.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.PrivateFiles;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;
import slugbuilder.console.Console;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.engine.StreamingPipe;
import slugbuilder.render.TemplateRenderer;

/**
 * Builds the local stack images offline: a debootstrap root filesystem imported into the
 * engine, finished into a run image (optionally trusting an extra CA bundle) and a build image.
 */
public final class StackBuilder {
    /** The uid a booted slug runs as (release.DynoOwner), named in the run image so that whoami answers. */
    static final int DYNO_UID = 1000;

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final TemplateRenderer renderer = new TemplateRenderer();

    public StackBuilder(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.cleanup = cleanup;
        this.engine = engine;
        this.console = console;
    }

    /** The two image names a run-image name implies: NAME and NAME-build. */
    public record StackImages(String run, String build) {
        public static StackImages named(String runImage) {
            return new StackImages(runImage, runImage + "-build");
        }
    }

    /** Fails at once, before anything starts, when this machine cannot build a stack (not root, no debootstrap). */
    public static void checkPrerequisites() {
        Debootstrap.checkAvailable();
    }

    /**
     * @param caBundle a PEM bundle to trust inside the images, or null
     */
    public StackImages build(StackSpec spec, String runImage, Path caBundle) {
        checkPrerequisites();
        byte[] ca = caBundle == null ? null : readCaBundle(caBundle);
        StackImages images = StackImages.named(runImage);
        String rootfsTag = spec.suite() + "-rootfs-" + Long.toHexString(System.nanoTime());
        try (Cleanup cleanup = this.cleanup.scope()) {
            Path work = privateTempDir();
            Cleanup.Action removeWork = cleanup.add("temporary directory " + work, () -> deleteTree(work));
            Path rootfs = work.resolve("rootfs");

            console.step("Bootstrapping Debian " + spec.suite() + " from " + spec.mirror() + " (about a minute)");
            Debootstrap.run(spec.suite(), spec.mirror(), spec.runPackages(), rootfs, console::detail, cleanup);
            trimRootfs(rootfs);

            console.step("Importing the root filesystem into the engine");
            cleanup.add("intermediate image " + spec.repository() + ":" + rootfsTag, () -> engine.images()
                    .remove(spec.repository() + ":" + rootfsTag));
            importRootfs(rootfs, spec.repository(), rootfsTag);
            cleanup.runNow(removeWork);

            console.step("Building the run image " + images.run() + (ca == null ? "" : " (trusting " + caBundle + ")"));
            Map<String, Object> runModel = new LinkedHashMap<>();
            runModel.put("generator", "slugbuilder " + Version.current());
            runModel.put("rootfs", spec.repository() + ":" + rootfsTag);
            runModel.put("caBundle", ca != null);
            runModel.put("dynoUid", DYNO_UID);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(
                    "Dockerfile",
                    renderer.render("stack-run.Dockerfile", runModel).getBytes(StandardCharsets.UTF_8));
            if (ca != null) {
                files.put("extra-ca.crt", ca);
            }
            build(BuildContext.ofFiles(files), images.run());

            console.step("Building the build image " + images.build() + " (compilers and headers)");
            String buildDockerfile = renderer.render(
                    "stack-build.Dockerfile",
                    Map.of("runImage", images.run(), "packages", String.join(" ", spec.buildPackages())));
            build(BuildContext.ofDockerfile(buildDockerfile), images.build());
        }
        return images;
    }

    private void build(BuildContext context, String tag) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.of("stack"));
        labels.put(StackHash.LABEL, StackHash.current());
        engine.images().build(new BuildRequest(context, "Dockerfile", List.of(tag), Map.of(), labels), console::detail);
    }

    private void importRootfs(Path rootfs, String repository, String tag) {
        StreamingPipe.run("rootfs-tar", out -> RootfsTar.write(rootfs, out), in -> engine.images()
                .importImage(in, repository, tag));
    }

    private static byte[] readCaBundle(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        file + ": no PEM certificate in it",
                        "pass a PEM file with -----BEGIN CERTIFICATE----- blocks, e.g. /etc/ssl/certs/ca-certificates.crt");
            }
            return bytes;
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    file + ": cannot be read: " + e.getMessage(),
                    "pass a readable PEM file with --ca-bundle",
                    e);
        }
    }

    /** Package lists and downloaded archives have no place in an image. */
    private static void trimRootfs(Path rootfs) {
        for (String dir : List.of("var/lib/apt/lists", "var/cache/apt/archives")) {
            Path path = rootfs.resolve(dir);
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(Files::isRegularFile).forEach(StackBuilder::deleteQuietly);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static Path privateTempDir() {
        try {
            return PrivateFiles.createDirectory(null, "slugbuilder-stack-");
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "cannot create a temporary directory: " + e.getMessage(),
                    "check that " + System.getProperty("java.io.tmpdir") + " is writable (or set TMPDIR)",
                    e);
        }
    }

    /**
     * Removes the work tree. debootstrap mounts /proc and /sys inside the root filesystem and
     * unmounts them only when it ends normally, so anything still mounted there is unmounted
     * first; a file that cannot be removed is reported and the rest still goes.
     */
    static void deleteTree(Path root) {
        if (Files.exists(root)) {
            Mounts.unmountBelow(root);
        }
        PrivateFiles.deleteTree(root);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
