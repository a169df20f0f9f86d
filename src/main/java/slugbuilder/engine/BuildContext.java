package slugbuilder.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context: what the engine receives as a tar stream. Small generated files are held in
 * memory ({@link #ofFiles}); an app directory streams from disk ({@link DirectoryContext}).
 */
public interface BuildContext {

    /** Writes the context as a tar stream to OUT; does not close OUT. */
    void writeTo(OutputStream out) throws IOException;

    /** A context of small generated files, by name. */
    static GeneratedFiles ofFiles(Map<String, byte[]> files) {
        return new GeneratedFiles(new TreeMap<>(files));
    }

    /** Generated files held in memory, written as regular files (0644). */
    record GeneratedFiles(Map<String, byte[]> files) implements BuildContext {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writeEntries(tar);
            tar.finish();
        }

        void writeEntries(TarArchiveOutputStream tar) throws IOException {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    static GeneratedFiles ofDockerfile(String dockerfile) {
        return ofFiles(Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)));
    }
}
