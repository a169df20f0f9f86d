package slugbuilder.engine;

/**
 * One progress message of a push, as the engine streams it.
 *
 * @param layer   the layer's short id, or "" for a message about the whole push
 * @param status  "Preparing", "Pushing", "Pushed", "Layer already exists", ...
 * @param current bytes sent so far (0 when not known)
 * @param total   the layer's bytes (0 when not known)
 */
public record PushEvent(String layer, String status, long current, long total) {
    public PushEvent {
        layer = layer == null ? "" : layer;
        status = status == null ? "" : status;
    }
}
