package slugbuilder.slug;

import java.io.IOException;

/** The engine's archive ended inside an entry or is damaged: its reader, not the slug's writer, failed. */
public final class TruncatedArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    TruncatedArchiveException(String message) {
        super(message);
    }
}
