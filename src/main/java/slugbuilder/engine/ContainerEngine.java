package slugbuilder.engine;

/**
 * The Docker engine, as slugbuilder uses it: four narrow ports by what callers need. Only the
 * adapter in {@code engine.docker} knows the Engine API; everything else talks to these, so
 * they can be faked in tests (and {@code ContainerEngineContract} holds the fake to the real
 * engine). Every failure leaves a port as a {@link slugbuilder.SlugbuilderException} that says
 * what slugbuilder was doing.
 */
public interface ContainerEngine extends AutoCloseable {
    /** Where the engine was found, for messages: "unix:///var/run/docker.sock (engine 20.10.24)". */
    String describe();

    Images images();

    Containers containers();

    NetworksAndVolumes networksAndVolumes();

    RegistryPush registry();

    @Override
    void close();
}
