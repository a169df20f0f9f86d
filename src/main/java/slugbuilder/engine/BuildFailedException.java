package slugbuilder.engine;

import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** A build step failed; the message is the engine's, e.g. "The command '/bin/sh -c make' returned a non-zero code: 2". */
public class BuildFailedException extends SlugbuilderException {
    public BuildFailedException(String message, String hint) {
        super(ExitCode.ENGINE, message, hint);
    }
}
