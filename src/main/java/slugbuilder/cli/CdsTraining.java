package slugbuilder.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the classes slugbuilder's commands use, so that bin/slugbuilder can record them in a
 * class-data-sharing archive once per jar ({@code -XX:ArchiveClassesAtExit}); every later
 * command then starts from the archive, whichever command it is. Not a user command.
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
        Path jar = Path.of(CdsTraining.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
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
        System.err.println("slugbuilder: recorded " + loaded + " classes for faster start-up");
    }
}
