package slugbuilder.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.Procfile;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.StreamingPipe;
import slugbuilder.run.Dyno;
import slugbuilder.run.Ports;
import slugbuilder.run.ProcessSupervisor;

/**
 * {@code slug run}: boots a slug the way a dyno does, on the bare run stack (no compilers, no
 * build tools): the archive unpacked at /app, a non-root user, HOME=/app, PORT, .profile.d
 * sourced, the Procfile command through bash -c. Whatever the slug forgot to carry fails here
 * before it fails on Heroku.
 */
public final class SlugRunner {
    /** The kind label of a booted slug's container ('slugbuilder stop --slugs' finds them by it). */
    public static final String KIND = "slug";
    private final ContainerEngine engine;
    private final Console console;

    public SlugRunner(ContainerEngine engine, Console console) {
        this.engine = engine;
        this.console = console;
    }

    /**
     * @param processTypes the slug's Procfile process types (from the app's Procfile, or the
     *                     Procfile inside the slug)
     */
    public int run(Path slug, String stack, Map<String, String> processTypes, String process, int port,
                   Map<String, String> vars, ProcessSupervisor.Mode mode) {
        if (!Files.isRegularFile(slug)) {
            throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": no such file", "pass the path of a slug.tgz");
        }
        if (engine.imageId(stack).isEmpty()) {
            throw new SlugbuilderException(ExitCode.ENGINE, "the run stack image " + stack + " is not in the engine",
                    "pull it, build one with 'slugbuilder stack build', or name another with --stack");
        }
        String command = processTypes.get(process);
        if (command == null) {
            throw new SlugbuilderException(ExitCode.BAD_INPUT, "the slug has no process type \"" + process + "\"; it has "
                    + String.join(", ", processTypes.keySet()), "name one of those");
        }
        Ports.requireFree(port);
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> env.add(k + "=" + v));
        String dyno = process + ".1";
        env.addAll(List.of("PORT=" + port, "DYNO=" + dyno, "HOME=/app"));
        ContainerSpec spec = new ContainerSpec(stack, Dyno.command(command), DynoOwner.UID + ":" + DynoOwner.UID, env, "/app",
                Map.of(port, port), Map.of(), Labels.of(KIND));
        console.step("Booting " + slug.getFileName() + " on " + stack);
        return new ProcessSupervisor(engine, console).run(
                List.of(new ProcessSupervisor.Launch(dyno, command, spec, port, id -> unpack(slug, id))), mode);
    }

    private void unpack(Path slug, String containerId) {
        StreamingPipe.run("slug-unpack", out -> {
            try (InputStream in = Files.newInputStream(slug)) {
                DynoOwner.rewrite(in, out);
            }
        }, in -> {
            engine.writeArchive(containerId, "/", in);
            return null;
        });
    }

    /** The Procfile inside a slug (./app/src/Procfile), for a slug booted on its own. */
    public static Map<String, String> processTypesIn(Path slug) {
        try (InputStream in = Files.newInputStream(slug);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("./app/src/Procfile")) {
                    return Procfile.parse("Procfile (in " + slug.getFileName() + ")",
                            new String(tar.readAllBytes(), StandardCharsets.UTF_8)).processTypes();
                }
            }
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": not a readable slug (a gzip-compressed tar): " + e.getMessage(),
                    "pass a slug.tgz made by 'slugbuilder release --output'", e);
        }
        throw new SlugbuilderException(ExitCode.BAD_INPUT, slug + ": has no Procfile at ./app/src/Procfile",
                "run it from the app's directory, whose Procfile is used");
    }
}
