package slugbuilder.engine;

import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The engine could not pull an image (no such image or tag, no registry to reach): worded as
 * {@code failed to pull the image IMAGE: REASON}, with the engine's own reason kept for callers
 * that say what the image was for.
 */
public final class PullFailedException extends SlugbuilderException {
    private final String reason;

    public PullFailedException(String image, String reason, Throwable cause) {
        super(ExitCode.ENGINE, "failed to pull the image " + image + ": " + reason, null, cause);
        this.reason = reason;
    }

    /** The engine's words: "pull access denied for postgres, repository does not exist ...". */
    public String reason() {
        return reason;
    }
}
