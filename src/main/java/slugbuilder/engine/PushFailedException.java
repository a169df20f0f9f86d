package slugbuilder.engine;

import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The engine reached the registry and the push failed there (refused credentials, the registry
 * gone mid-upload): the registry's message, which the engine adapter words as
 * {@code failed to push IMAGE: ...}. A registry is the platform's, so exit 5.
 */
public final class PushFailedException extends SlugbuilderException {
    public PushFailedException(String registryMessage) {
        super(ExitCode.PLATFORM_API, registryMessage);
    }
}
