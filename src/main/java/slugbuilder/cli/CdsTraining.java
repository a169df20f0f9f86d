package slugbuilder.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import slugbuilder.Cleanup;
import slugbuilder.SlugbuilderException;
import slugbuilder.core.WebCheck;

/**
 * The training run bin/slugbuilder records once per jar and JVM: a class-data-sharing archive
 * on Java 17 ({@code -XX:DumpLoadedClassList}, then {@code -Xshare:dump}), an ahead-of-time
 * cache where the JVM has one ({@code -XX:AOTCacheOutput}, JDK 25). It runs, in this process
 * and writing nowhere, the commands that must start fast ({@code --version}, every help,
 * {@code init} on a throwaway node app), the engine client's set-up (on a socket that does not
 * exist) and the web check's (on a port where nothing listens), so that what they load, link
 * and resolve is recorded as they use it; then it loads the rest of slugbuilder's classes, so
 * every other command starts from the archive too. Touches no engine. Not a user command.
 */
public final class CdsTraining {
    private static final List<String> PACKAGES = List.of(
            "slugbuilder.",
            "picocli.",
            "com.github.dockerjava.",
            "com.fasterxml.jackson.",
            "org.apache.commons.compress.archivers.tar.",
            "org.apache.commons.compress.compressors.gzip.",
            "com.github.mustachejava.",
            "org.semver4j.");

    private CdsTraining() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        runCommands();
        int loaded = loadClasses();
        System.err.println("slugbuilder: recorded " + loaded + " classes for faster start-up");
    }

    /** One command of the training run and the exit code it must end with. */
    record TrainingCommand(List<String> args, int exitCode) {}

    /** The commands a user runs most often and wants back at once, run as a user would. */
    private static void runCommands() throws IOException {
        Path app = Files.createTempDirectory("slugbuilder-training");
        try {
            Files.writeString(
                    app.resolve("package.json"),
                    "{\"name\": \"training\", \"version\": \"1.0.0\", \"engines\": {\"node\": \"20.x\"},"
                            + " \"scripts\": {\"start\": \"node index.js\"}, \"dependencies\": {\"express\": \"^4.21.0\"}}\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    app.resolve("index.js"),
                    "require('http').createServer().listen(process.env.PORT);\n",
                    StandardCharsets.UTF_8);
            Files.writeString(app.resolve("Procfile"), "web: node index.js\n", StandardCharsets.UTF_8);
            List<TrainingCommand> commands = new ArrayList<>();
            commands.add(new TrainingCommand(List.of("--version"), 0));
            commands.add(new TrainingCommand(List.of("--help"), 0));
            commands.add(new TrainingCommand(List.of("init", app.toString()), 0));
            commands.add(new TrainingCommand(List.of("init", "--force", app.toString()), 0));
            commands.add(new TrainingCommand(List.of("init", "--list", app.toString()), 0));
            commands.add(new TrainingCommand(List.of("nosuchcommand"), 2));
            for (String command : Main.SUBCOMMANDS.keySet()) {
                commands.add(new TrainingCommand(List.of(command, "--help"), 0));
            }
            runOffline(commands, app);
            connectNowhere("unix:///nonexistent/slugbuilder-training.sock");
            connectNowhere("tcp://127.0.0.1:9");
            // the web check's client, once, against a port where nothing listens
            AtomicBoolean once = new AtomicBoolean(true);
            WebCheck.awaitAnswer(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(1), () -> once.getAndSet(false));
        } finally {
            deleteTree(app);
        }
    }

    /**
     * Runs COMMANDS with HOME as home and an engine that must not be asked for. A command that
     * asks for it, or ends with another code than its own, throws: the error handler would turn
     * the engine's refusal into exit code 1, and a recording of a failed command is a recording
     * of the wrong classes.
     */
    static void runOffline(List<TrainingCommand> commands, Path home) {
        List<String> engineAskedBy = new ArrayList<>();
        for (TrainingCommand command : commands) {
            String[] args = command.args().toArray(String[]::new);
            String line = String.join(" ", command.args());
            Wiring offline = Wiring.system()
                    .withEngines((cleanup, notes) -> {
                        engineAskedBy.add(line);
                        throw new IllegalStateException("training uses no engine");
                    })
                    .withEnv(Map.of("HOME", home.toString()));
            StringWriter err = new StringWriter();
            PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            int code = Main.commandLine(nowhere, new PrintWriter(err, true), offline, args)
                    .execute(args);
            if (engineAskedBy.contains(line)) {
                throw new IllegalStateException("training command '" + line + "' asked for a Docker engine");
            }
            if (code != command.exitCode()) {
                throw new IllegalStateException("training command '" + line + "' ended with " + code + ", not "
                        + command.exitCode() + "; its stderr: " + err.toString().strip());
            }
        }
    }

    /**
     * The engine client's set-up, up to its first request, where nothing answers: on a unix
     * socket, the transport every engine command starts with; on TCP, docker-java's config and
     * zerodep transport. The system property wins over DOCKER_HOST.
     */
    private static void connectNowhere(String host) {
        String before = System.getProperty(DOCKER_HOST);
        System.setProperty(DOCKER_HOST, host);
        try (Cleanup cleanup = Cleanup.registry()) {
            Wiring.system().engines().connect(cleanup, note -> {}).close();
        } catch (SlugbuilderException expected) {
            // cannot reach an engine there: the set-up ran
        } finally {
            if (before == null) {
                System.clearProperty(DOCKER_HOST);
            } else {
                System.setProperty(DOCKER_HOST, before);
            }
        }
    }

    private static final String DOCKER_HOST = "DOCKER_HOST";

    /** Loads (without initialising) every class of the packages slugbuilder's commands use. */
    private static int loadClasses() throws IOException, URISyntaxException {
        Path jar = Path.of(CdsTraining.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (!Files.isRegularFile(jar)) {
            return 0; // run from a classes directory (tests): nothing to archive
        }
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.contains("module-info") || name.startsWith("META-INF/")) {
                    continue;
                }
                String className =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (PACKAGES.stream().noneMatch(className::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(className, false, CdsTraining.class.getClassLoader());
                    loaded++;
                } catch (LinkageError | ClassNotFoundException optionalDependency) {
                    // classes for libraries slugbuilder does not ship (e.g. other transports)
                }
            }
        }
        return loaded;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
