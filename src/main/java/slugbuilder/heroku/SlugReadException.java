package slugbuilder.heroku;

import java.io.IOException;
import java.nio.file.Path;

/** Reading the slug file failed during an upload: not the network's fault, so not retried. */
final class SlugReadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    SlugReadException(Path file, IOException cause) {
        super("cannot read " + file, cause);
        this.file = file;
    }

    Path file() {
        return file;
    }
}
