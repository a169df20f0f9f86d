package slugbuilder.engine;

import java.util.function.Consumer;

/** What {@code container push} asks of the engine: its image store, and the push itself. */
public interface RegistryPush {
    /**
     * What the engine says of its storage (whether pushes go out of containerd's image store) and of
     * its memory accounting (whether it can limit swap).
     */
    EngineInfo info();

    /**
     * Pushes IMAGE (repository:tag) with AUTH for this request only; each progress message goes to
     * PROGRESS as it arrives.
     *
     * @throws PushFailedException when the registry refused or failed the push
     */
    void push(String image, RegistryAuth auth, Consumer<PushEvent> progress);
}
