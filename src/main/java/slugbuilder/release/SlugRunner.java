package slugbuilder.release;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.core.Dyno;
import slugbuilder.core.Ports;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.detect.AppPlatform;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.StreamingPipe;

/**
 * {@code slug run}: boots a slug the way a dyno does, on the bare run stack (no compilers, no
 * build tools): the archive unpacked at /app, a non-root user, HOME=/app, PORT, .profile.d
 * sourced, the Procfile command through bash -c. Whatever the slug forgot to carry fails here
 * before it fails on Heroku.
 */
public final class SlugRunner {
    /** The kind label of a booted slug's container ('slugbuilder stop --slugs' finds them by it). */
    public static final String KIND = "slug";
    /** Where the app's own files are in a slug. */
    private static final String APP_SRC = "./app/src/";
    /** The app files the default process types read are small manifests; anything bigger is not one. */
    private static final long MAX_RULE_FILE_BYTES = 1 << 20;
    /** How booted slugs left running are stopped. */
    static final String STOP = "slugbuilder stop --slugs";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public SlugRunner(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /** A slug booted on the default bridge, without add-ons. */
    public int run(
            Path slug,
            String stack,
            Map<String, String> processTypes,
            String process,
            int port,
            Map<String, String> vars,
            ProcessSupervisor.Mode mode) {
        return run(slug, stack, processTypes, process, port, vars, mode, null);
    }

    /**
     * @param processTypes the slug's Procfile process types (from the app's Procfile, or the
     *                     Procfile inside the slug)
     * @param network      the app's network, where its add-on services answer; null for none
     */
    public int run(
            Path slug,
            String stack,
            Map<String, String> processTypes,
            String process,
            int port,
            Map<String, String> vars,
            ProcessSupervisor.Mode mode,
            ContainerSpec.NetworkJoin network) {
        if (!Files.isRegularFile(slug)) {
            throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": no such file", "pass the path of a slug.tgz");
        }
        if (engine.images().imageId(stack).isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.ENGINE,
                    "the run stack image " + stack + " is not in the engine",
                    "pull it, build one with 'slugbuilder stack build', or name another with --stack");
        }
        String command = processTypes.get(process);
        if (command == null) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "the slug has no process type \"" + process + "\"; it has "
                            + String.join(", ", processTypes.keySet()),
                    "name one of those");
        }
        Ports.requireFree(port);
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> env.add(k + "=" + v));
        String dyno = process + ".1";
        env.addAll(List.of("PORT=" + port, "DYNO=" + dyno, "HOME=/app"));
        ContainerSpec spec = new ContainerSpec(
                        stack,
                        Dyno.command(command),
                        DynoOwner.UID + ":" + DynoOwner.UID,
                        env,
                        "/app",
                        Map.of(port, port),
                        Map.of(),
                        Labels.of(KIND))
                .withNetwork(network);
        console.step("Booting " + slug.getFileName() + " on " + stack);
        return new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(new ProcessSupervisor.Launch(dyno, command, spec, port, id -> unpack(slug, id))),
                        mode,
                        STOP);
    }

    private void unpack(Path slug, String containerId) {
        StreamingPipe.run(
                "slug-unpack",
                out -> {
                    try (InputStream in = Files.newInputStream(slug)) {
                        DynoOwner.rewrite(in, out);
                    }
                },
                in -> {
                    engine.containers().writeArchive(containerId, "/", in);
                    return null;
                });
    }

    /**
     * The process types of a slug booted or released on its own: those of PROCFILE when given (an
     * app's Procfile), else of the Procfile inside the slug (./app/src/Procfile).
     */
    public static Map<String, String> processTypes(Path slug, Path procfile) {
        return processTypes(slug, procfile, note -> {});
    }

    /** As {@link #processTypes(Path, Path)}; NOTES hears which platform default applies to a slug without a web process. */
    public static Map<String, String> processTypes(Path slug, Path procfile, Consumer<String> notes) {
        if (!Files.isRegularFile(slug)) {
            throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": no such file", "pass the path of a slug.tgz");
        }
        if (procfile == null) {
            return processTypesIn(slug, AppPlatform.catalog(System.getenv()), notes);
        }
        if (!Files.isRegularFile(procfile)) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, procfile + ": no such file", "pass the path of the app's Procfile");
        }
        String name = procfile.getFileName().toString();
        return AppDir.open(procfile.toAbsolutePath().getParent())
                .readText(name)
                .map(text -> Procfile.parse(procfile.toString(), text))
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.BAD_INPUT, procfile + ": cannot be read", "check its permissions"))
                .processTypes();
    }

    /**
     * The Procfile inside a slug (./app/src/Procfile), for a slug booted on its own, with the
     * default web process of the platform that built it when the Procfile has none (or there is
     * none), as {@code release} sent them: that platform and its rules are read from the app's
     * files in the slug (its generated Dockerfile, package.json and the like).
     */
    public static Map<String, String> processTypesIn(Path slug, PlatformCatalog catalog, Consumer<String> notes) {
        Set<String> wanted = ProcessTypes.filesRead(catalog);
        Map<String, String> files = new HashMap<>();
        Optional<Procfile> own = Optional.empty();
        try (InputStream in = Files.newInputStream(slug);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name =
                        entry.getName().startsWith(APP_SRC) ? entry.getName().substring(APP_SRC.length()) : null;
                if (name == null || !entry.isFile()) {
                    continue;
                }
                if (name.equals(Procfile.NAME)) {
                    own = Optional.of(Procfile.parse(
                            "Procfile (in " + slug.getFileName() + ")",
                            new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
                    if (own.get().find(Procfile.WEB).isPresent()) {
                        return own.get().processTypes(); // no default can apply: no need to read on
                    }
                } else if (wanted.contains(name) && entry.getSize() <= MAX_RULE_FILE_BYTES) {
                    files.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    slug + ": not a readable slug (a gzip-compressed tar): " + why(e),
                    "pass a slug.tgz made by 'slugbuilder release --output'",
                    e);
        }
        Optional<ProcessTypes> types = ProcessTypes.ofSlug(own, name -> Optional.ofNullable(files.get(name)), catalog);
        if (types.isPresent()) {
            types.get().note().ifPresent(notes);
            return types.get().processTypes();
        }
        throw new SlugbuilderException(
                ExitCode.BAD_INPUT,
                slug + ": has no Procfile at ./app/src/Procfile",
                "give the process types with --procfile FILE (the app's Procfile)");
    }

    /** What went wrong reading an archive, in words: commons-compress's truncation errors carry no message. */
    private static String why(IOException e) {
        if (e instanceof EOFException || e.getMessage() == null) {
            return "it ends too early (truncated)";
        }
        return e.getMessage();
    }
}
