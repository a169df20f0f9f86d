package slugbuilder.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.Version;
import slugbuilder.console.Console;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.Labels;
import slugbuilder.render.TemplateRenderer;

/**
 * Builds the add-on service images (Postgres, Redis, MySQL as MariaDB, memcached) from Debian's
 * packages on top of a stack run image, for machines that cannot pull the official ones. Each
 * copies its official image's interface (variables, paths, ports, user), so that services run
 * the same on either; its Dockerfile and entrypoint are templates under templates/addons/.
 */
public final class AddonImageBuilder {
    /** Carries the add-on's kind (postgres, redis, mysql, memcached). */
    public static final String ADDON_LABEL = "slugbuilder.addon";

    /** The hash of the add-on templates an image was built from (see {@link #SOURCES}). */
    public static final String HASH_LABEL = "slugbuilder.addon-hash";

    /** The id of the stack run image an add-on image stands on: a rebuilt stack makes it stale. */
    public static final String BASE_LABEL = "slugbuilder.addon-base";

    static final String KIND = "addon";

    /** One add-on image: its kind (the tag's suffix, the templates' prefix) and what it runs. */
    public record Addon(String kind, String description) {}

    public static final List<Addon> ALL = List.of(
            new Addon("postgres", "Debian's PostgreSQL 15"),
            new Addon("redis", "Debian's Redis 7"),
            new Addon("mysql", "Debian's MariaDB 10.11"),
            new Addon("memcached", "Debian's memcached"));

    /** What decides the images' content, in this order, as scripts/stack.sh concatenates them. */
    static final List<String> SOURCES = ALL.stream()
            .flatMap(addon -> List.of(dockerfileTemplate(addon), entrypointScript(addon)).stream())
            .toList();

    private final ContainerEngine engine;
    private final Console console;
    private final TemplateRenderer renderer = new TemplateRenderer();

    public AddonImageBuilder(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /** The add-on image of KIND for the stack run image STACK_IMAGE: "slugbuilder/stack:bookworm-postgres". */
    public static String tag(String stackImage, String kind) {
        return stackImage + "-" + kind;
    }

    /** The SHA-256 of the templates packed into the jar, in hex. */
    public static String currentHash() {
        return StackHash.sha256(SOURCES);
    }

    /**
     * Builds every add-on image on STACK_IMAGE, which must exist; returns their tags. An
     * unchanged image costs little: the engine's cache keeps the package installs.
     */
    public List<String> build(String stackImage) {
        String base = engine.images()
                .imageId(stackImage)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.ENGINE,
                        "the stack image " + stackImage + " is not in the engine",
                        "build it first: slugbuilder stack build --tag " + stackImage));
        String hash = currentHash();
        List<String> tags = new ArrayList<>();
        for (Addon addon : ALL) {
            String tag = tag(stackImage, addon.kind());
            console.step("Building the " + addon.kind() + " add-on image " + tag + " (" + addon.description() + ")");
            build(addon, stackImage, tag, labels(addon, hash, base));
            tags.add(tag);
        }
        return tags;
    }

    static Map<String, String> labels(Addon addon, String hash, String baseId) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.of(KIND));
        labels.put(ADDON_LABEL, addon.kind());
        labels.put(HASH_LABEL, hash);
        labels.put(BASE_LABEL, baseId);
        return labels;
    }

    /** The build context of ADDON on STACK_IMAGE: its Dockerfile and its entrypoint script. */
    BuildContext context(Addon addon, String stackImage) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("generator", "slugbuilder " + Version.current());
        model.put("stackImage", stackImage);
        String dockerfile = renderer.render("addons/" + addon.kind() + ".Dockerfile", model);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8));
        files.put("docker-entrypoint.sh", resource(entrypointScript(addon)));
        return BuildContext.ofFiles(files);
    }

    private void build(Addon addon, String stackImage, String tag, Map<String, String> labels) {
        BuildRequest request = new BuildRequest(
                        context(addon, stackImage), "Dockerfile", List.of(tag), Map.of(), labels)
                .withPurpose("the " + addon.kind() + " add-on image " + tag);
        try {
            engine.images().build(request, console::detail);
        } catch (BuildFailedException e) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "building the " + addon.kind() + " add-on image " + tag + " failed: " + e.getMessage(),
                    "the output above shows the failing step; its packages come from the mirror in " + stackImage
                            + "'s /etc/apt/sources.list",
                    e);
        }
    }

    private static String dockerfileTemplate(Addon addon) {
        return "templates/addons/" + addon.kind() + ".Dockerfile.mustache";
    }

    private static String entrypointScript(Addon addon) {
        return "templates/addons/" + addon.kind() + "-entrypoint.sh";
    }

    private static byte[] resource(String name) {
        try (InputStream in = AddonImageBuilder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the slugbuilder jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
