package slugbuilder.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import slugbuilder.Cleanup;
import slugbuilder.core.Dyno;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerRuns;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.DirectoryContext;
import slugbuilder.engine.RunResult;
import slugbuilder.engine.docker.DockerEngine;

/** The real engine for *IT tests, and the local stack images scripts/test.sh makes sure of. */
public final class Engine {
    /** The run image; its build image is this name plus "-build". */
    public static final String STACK = System.getProperty("slugbuilder.stack", "slugbuilder/stack:bookworm");

    public static final String BUILD_STACK = STACK + "-build";

    private Engine() {}

    /** Connects, failing (not skipping) when no engine answers: CI always starts one. */
    public static ContainerEngine connect() {
        return DockerEngine.connect(Cleanup.registry(), note -> {});
    }

    /** Runs COMMAND the way a dyno starts a process (see {@link Dyno}). */
    public static RunResult runAsDyno(ContainerEngine engine, String image, String command) {
        return ContainerRuns.run(
                engine,
                ContainerSpec.oneOff(
                        image,
                        Dyno.command(command),
                        List.of("PORT=5006", "DYNO=web.1", "HOME=/app"),
                        Map.of("slugbuilder", "true", "slugbuilder.kind", "test")));
    }

    /** An app directory as a build context, with DOCKERFILE in place of the app's own. */
    public static BuildContext appContext(Path app, String dockerfile) {
        return new DirectoryContext(app, Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)));
    }

    /** The docker CLI's stdout for ARGS (tests only: inspecting what the port does not expose). */
    public static String dockerCli(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process docker = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (docker.waitFor() != 0) {
                throw new AssertionError("docker " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Whether TEXT occurs anywhere in IMAGE: its history, its configuration, or any file of any
     * layer ({@code docker save} streams them uncompressed, as the engine stores them).
     */
    public static boolean imageContains(String image, String text) {
        if (dockerCli("history", "--no-trunc", image).contains(text)
                || dockerCli("inspect", image).contains(text)) {
            return true;
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try {
            Process save = new ProcessBuilder("docker", "save", image)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (InputStream in = new BufferedInputStream(save.getInputStream(), 1 << 20)) {
                // a streaming Knuth-Morris-Pratt search: memory stays flat whatever the image's size
                int[] fallback = new int[needle.length];
                for (int i = 1, k = 0; i < needle.length; i++) {
                    while (k > 0 && needle[i] != needle[k]) {
                        k = fallback[k - 1];
                    }
                    fallback[i] = needle[i] == needle[k] ? ++k : k;
                }
                int matched = 0;
                for (int b = in.read(); b >= 0; b = in.read()) {
                    while (matched > 0 && (byte) b != needle[matched]) {
                        matched = fallback[matched - 1];
                    }
                    if ((byte) b == needle[matched]) {
                        matched++;
                    }
                    if (matched == needle.length) {
                        save.destroy();
                        return true;
                    }
                }
            }
            if (save.waitFor() != 0) {
                throw new AssertionError("docker save " + image + " failed");
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
