package slugbuilder.init;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;
import slugbuilder.app.AppDir;
import slugbuilder.app.Aptfile;
import slugbuilder.appjson.AppJson;
import slugbuilder.detect.Detection;
import slugbuilder.detect.Detector;
import slugbuilder.detect.Platform;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.detect.ResolvedRuntime;
import slugbuilder.detect.RuntimeResolver;
import slugbuilder.render.DockerfileModel;
import slugbuilder.render.TemplateRenderer;

/** The {@code init} use case: detect the platform, choose versions, render and write the Dockerfile. */
public final class Initializer {
    public static final String DEFAULT_STACK = "heroku/heroku:24-build";

    private final PlatformCatalog catalog;
    private final TemplateRenderer renderer;

    public Initializer(PlatformCatalog catalog, TemplateRenderer renderer) {
        this.catalog = catalog;
        this.renderer = renderer;
    }

    /**
     * @param template a platform name chosen by the user, or null to detect one
     * @param force    overwrite an existing Dockerfile
     */
    public InitResult init(AppDir app, String template, String stack, boolean force) {
        Path dockerfile = app.resolve("Dockerfile");
        if (Files.exists(dockerfile) && !force) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, dockerfile + " already exists", "use --force to overwrite it");
        }
        // app.json's buildpacks name the platform, as they choose Heroku's buildpacks; --template wins over both
        Detection detection = template == null
                ? new Detector(catalog).detect(app, AppJson.read(app).base().buildpacks())
                : new Detector(catalog).chosen(template);
        Platform platform = detection.platform();
        checkRequiredFiles(app, platform);
        List<ResolvedRuntime> runtimes = new RuntimeResolver(catalog).resolve(app, platform);
        List<String> aptPackages = Aptfile.read(app).orElse(List.of());

        Map<String, Boolean> probes = new LinkedHashMap<>();
        platform.probes()
                .forEach((name, glob) -> probes.put(name, app.firstMatch(glob).isPresent()));
        writeAtomically(dockerfile, renderDockerfile(platform, stack, runtimes, !aptPackages.isEmpty(), probes));
        Path dockerignore = app.resolve(".dockerignore");
        if (Files.exists(dockerignore)) {
            dockerignore = null;
        } else {
            writeAtomically(dockerignore, renderDockerignore(platform));
        }
        return new InitResult(dockerfile, dockerignore, detection, runtimes, stack, aptPackages);
    }

    String renderDockerfile(
            Platform platform,
            String stack,
            List<ResolvedRuntime> runtimes,
            boolean aptfile,
            Map<String, Boolean> probes) {
        Map<String, String> versions = new LinkedHashMap<>();
        runtimes.forEach(r -> versions.put(r.name(), r.version()));
        boolean apt = aptfile || !platform.aptPackages().isEmpty();
        DockerfileModel model = new DockerfileModel(
                "slugbuilder " + Version.current(),
                platform.name(),
                platform.title(),
                stack,
                versions,
                apt,
                aptfile,
                platform.aptPackages(),
                probes);
        return tidy(renderer.render(platform.template() + ".Dockerfile", model));
    }

    /**
     * Mustache keeps the line break after a partial's tag, so included parts leave blank lines:
     * runs of them become one, and a comment keeps no blank line below it.
     */
    static String tidy(String dockerfile) {
        return dockerfile.replaceAll("\n{3,}", "\n\n").replaceAll("(?m)^(#[^\n]*\n)\n(?=\\S)", "$1");
    }

    String renderDockerignore(Platform platform) {
        Set<String> entries = new LinkedHashSet<>(List.of(".git", ".env", "slug.tgz", "Dockerfile", ".dockerignore"));
        entries.addAll(platform.dockerignore());
        return renderer.render("dockerignore", Map.of("platform", platform.name(), "entries", List.copyOf(entries)));
    }

    private static void checkRequiredFiles(AppDir app, Platform platform) {
        platform.requires().forEach((file, hint) -> {
            if (!app.hasFile(file)) {
                throw SlugbuilderException.badFile(
                        file, 0, "missing: the " + platform.name() + " platform needs it", hint);
            }
        });
    }

    /**
     * Writes through a temporary file beside TARGET, so an interrupted init leaves no half-written
     * file: the rename is what protects it. No fsync: after a power loss the renamed file may be
     * empty, and a Dockerfile that init writes again in a moment is not worth the wait.
     */
    private static void writeAtomically(Path target, String content) {
        Path tmp = null;
        try {
            tmp = createTemporary(target);
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                // the Dockerfile's mode whatever the umask
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default applies
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "cannot write " + target + ": " + e.getMessage(),
                    "check that the app directory is writable",
                    e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the move normally consumed it
                }
            }
        }
    }

    /**
     * A new, empty file beside TARGET named after it. Not Files.createTempFile: its random names
     * come from a SecureRandom whose seeding was a noticeable part of init's start-up; the clock
     * makes a name as unlikely to be taken, and CREATE_NEW never reuses one that is.
     */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(
                    "." + target.getFileName() + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return tmp;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 9) {
                    throw taken;
                }
            }
        }
    }
}
