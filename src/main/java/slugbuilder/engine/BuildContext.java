package slugbuilder.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context: what the engine receives as a tar stream. This one holds a few generated
 * files in memory (stack images, test Dockerfiles); app directories come in a later form.
 */
public interface BuildContext {

    /** Writes the context as a tar stream to OUT; does not close OUT. */
    void writeTo(OutputStream out) throws IOException;

    /** A context of small generated files, by name. */
    static BuildContext ofFiles(Map<String, byte[]> files) {
        Map<String, byte[]> sorted = new TreeMap<>(files);
        return out -> {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        };
    }

    static BuildContext ofDockerfile(String dockerfile) {
        return ofFiles(Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)));
    }
}
