package slugbuilder.engine.docker;

/**
 * The engine answered a request with an error status. Its message is the engine's own words
 * (the body's {@code message}, or the body as it came), which {@link EngineErrors} turns into
 * the user's line; adapters test {@link #status()} for the answers they expect (404 gone, 409 in
 * use).
 */
final class EngineRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    EngineRefusal(int status, String body) {
        super(body.strip());
        this.status = status;
    }

    int status() {
        return status;
    }

    boolean notFound() {
        return status == 404;
    }

    boolean conflict() {
        return status == 409;
    }
}
