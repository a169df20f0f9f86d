package slugbuilder.engine.docker;

/**
 * The engine answered a request with an error status. Its message is the engine's own words
 * (the body's {@code message}, or the body as it came), which {@link EngineErrors} turns into
 * the user's line.
 */
final class EngineRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    EngineRefusal(int status, String body) {
        super(body.strip());
        this.status = status;
    }

    /** The HTTP status, shown with the engine's words in {@code --debug}'s stack trace. */
    @Override
    public String toString() {
        return "EngineRefusal " + status + ": " + getMessage();
    }
}
