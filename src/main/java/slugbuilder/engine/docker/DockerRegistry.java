package slugbuilder.engine.docker;

import static slugbuilder.engine.docker.EngineHttp.pathOf;
import static slugbuilder.engine.docker.EngineHttp.query;

import com.github.dockerjava.transport.DockerHttpClient;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import slugbuilder.engine.EngineInfo;
import slugbuilder.engine.PushEvent;
import slugbuilder.engine.PushFailedException;
import slugbuilder.engine.RegistryAuth;
import slugbuilder.engine.RegistryPush;
import slugbuilder.engine.docker.EngineHttp.Action;

/** What {@code container push} asks of the engine: its image store, and the push itself. */
final class DockerRegistry implements RegistryPush {
    private final EngineHttp http;
    private final DockerImages images;

    DockerRegistry(EngineHttp http, DockerImages images) {
        this.http = http;
        this.images = images;
    }

    @Override
    public EngineInfo info() {
        Map<String, Object> info =
                EngineJson.tree(http.call(Action.of("read the engine's settings"), "GET", "/info", null));
        Object status = info.get("DriverStatus");
        List<List<String>> pairs = status instanceof List<?> list
                ? list.stream()
                        .filter(List.class::isInstance)
                        .map(pair ->
                                ((List<?>) pair).stream().map(String::valueOf).toList())
                        .toList()
                : List.of();
        return new EngineInfo(EngineJson.stringAt(info, "Driver"), pairs, !Boolean.FALSE.equals(info.get("SwapLimit")));
    }

    /**
     * Whether IMAGE's registry is on this machine's loopback (127.0.0.0/8, ::1, localhost): Docker
     * speaks plain HTTP to those unless they answer TLS, Podman only when told ({@code tlsVerify=false},
     * its own addition to the push request).
     */
    static boolean onLoopback(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String registry = image.substring(0, slash);
        String host = registry.startsWith("[")
                ? registry.substring(1, Math.max(1, registry.indexOf(']')))
                : registry.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    /**
     * Pushes IMAGE (repository:tag); AUTH travels in this request's header only. A failure the
     * registry reports in the stream is a {@link PushFailedException}, worded by {@link EngineErrors}.
     */
    @Override
    public void push(String image, RegistryAuth auth, Consumer<PushEvent> progress) {
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        Action action = Action.of("push " + image);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method("POST")
                .path("/images/" + pathOf(tagged ? image.substring(0, colon) : image) + "/push?tag="
                        + query(tagged ? image.substring(colon + 1) : "latest")
                        + (http.podman() && onLoopback(image) ? "&tlsVerify=false" : ""))
                .putHeader("X-Registry-Auth", RegistryCredentials.pushHeader(auth))
                .build();
        images.followMessages(
                action,
                request,
                message -> progress.accept(
                        new PushEvent(message.id(), message.status(), message.current(), message.total())),
                error -> new PushFailedException(error.strip()));
    }
}
