package slugbuilder.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import slugbuilder.SlugbuilderException;

/**
 * The one way requests reach the engine: each names what slugbuilder is doing ("create the web.1
 * container"), and any failure, the transport's or the engine's refusal, leaves here worded by
 * {@link EngineErrors} for that action, as Jib's registry endpoints carry their descriptions.
 * The transport is docker-java's {@link DockerHttpClient}: {@link UnixSocketHttp} for a unix
 * socket, docker-java's own for TCP, TLS and contexts.
 */
final class EngineHttp implements AutoCloseable {
    /** The most a reply read whole may hold; these replies are a few KiB. */
    static final int MAX_REPLY = 4 << 20;

    private final DockerHttpClient transport;
    private final EngineErrors errors;
    private final boolean podman;

    EngineHttp(DockerHttpClient transport, EngineErrors errors) {
        this(transport, errors, false);
    }

    /** PODMAN: the engine is Podman's Docker-compatible API, whose few differences the requests allow for. */
    EngineHttp(DockerHttpClient transport, EngineErrors errors, boolean podman) {
        this.transport = transport;
        this.errors = errors;
        this.podman = podman;
    }

    EngineErrors errors() {
        return errors;
    }

    /** Whether the engine is Podman (its {@code GET /version} names the component "Podman Engine"). */
    boolean podman() {
        return podman;
    }

    /** The same transport and wording, for an engine known to be Podman or not. */
    EngineHttp forEngine(boolean isPodman) {
        return new EngineHttp(transport, errors == null ? null : errors.onPodman(isPodman), isPodman);
    }

    /** A whole (small) reply, whatever its status. */
    record Reply(int status, byte[] body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        EngineRefusal refusal() {
            return new EngineRefusal(status, text());
        }
    }

    /** What a request is for: its words in a failure, and whether a cleanup sends it (then an exit is no excuse). */
    record Action(String words, boolean cleanup) {
        static Action of(String words) {
            return new Action(words, false);
        }

        static Action cleanup(String words) {
            return new Action(words, true);
        }
    }

    /** A request without a body, or with JSON (null for none). */
    static DockerHttpClient.Request request(String method, String pathAndQuery, byte[] json) {
        DockerHttpClient.Request.Builder request =
                DockerHttpClient.Request.builder().method(method).path(pathAndQuery);
        if (json != null) {
            request.putHeader("Content-Type", "application/json").bodyBytes(json);
        }
        return request.build();
    }

    /** The reply of a request that must succeed. */
    byte[] call(Action action, String method, String pathAndQuery, byte[] json) {
        Reply reply = send(action, request(method, pathAndQuery, json));
        if (!reply.ok()) {
            throw failed(action, reply.refusal());
        }
        return reply.body();
    }

    /** The reply of a request whose "not found" means absent. */
    Optional<byte[]> callIfPresent(Action action, String method, String pathAndQuery) {
        Reply reply = send(action, request(method, pathAndQuery, null));
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw failed(action, reply.refusal());
        }
        return Optional.of(reply.body());
    }

    /** Sends REQUEST and reads its reply whole; a refusal is the caller's to judge. */
    Reply send(Action action, DockerHttpClient.Request request) {
        try (DockerHttpClient.Response response = transport.execute(request);
                InputStream body = response.getBody()) {
            return new Reply(response.getStatusCode(), body == null ? new byte[0] : readReply(body));
        } catch (IOException e) {
            throw failed(action, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw failed(action, e);
        }
    }

    /**
     * Sends REQUEST and returns its response as it arrives (the caller closes it); a refusal is
     * thrown, worded, unless its status is one of ACCEPTED.
     */
    DockerHttpClient.Response open(Action action, DockerHttpClient.Request request, int... accepted) {
        DockerHttpClient.Response response;
        try {
            response = transport.execute(request);
        } catch (RuntimeException e) {
            throw failed(action, e);
        }
        int status = response.getStatusCode();
        if (status / 100 == 2 || status == 101 || contains(accepted, status)) {
            return response;
        }
        try (response;
                InputStream body = response.getBody()) {
            throw failed(
                    action,
                    new EngineRefusal(status, body == null ? "" : new String(readReply(body), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw failed(action, new UncheckedIOException(e));
        }
    }

    /** Sends REQUEST as it is, for a caller that words its failures itself (a build names its Dockerfile's line). */
    DockerHttpClient.Response openRaw(DockerHttpClient.Request request) {
        return transport.execute(request);
    }

    /** The failure of ACTION, in the user's words. */
    SlugbuilderException failed(Action action, RuntimeException failure) {
        return action.cleanup()
                ? errors.translateCleanup(action.words(), failure)
                : errors.translate(action.words(), failure);
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
    }

    /** BODY read whole; more than {@link #MAX_REPLY} is an error, never a reply cut short. */
    static byte[] readReply(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_REPLY);
        if (body.read() >= 0) {
            throw new IOException("the engine's reply is larger than " + MAX_REPLY + " bytes");
        }
        return bytes;
    }

    /**
     * A name as the path of a request: an image reference keeps its '/' and ':' as the Docker CLI
     * sends them (the engine's router matches the raw path); what a path cannot hold is quoted by
     * {@link URI}, non-ASCII as UTF-8.
     */
    static String pathOf(String name) {
        try {
            return new URI(null, null, "/" + name, null).toASCIIString().substring(1);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a name for a request's path: " + name, e);
        }
    }

    /** A query parameter's value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
