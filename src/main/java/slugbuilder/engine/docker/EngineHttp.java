package slugbuilder.engine.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotAcceptableException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Engine API's plain requests (small JSON in, small JSON out), sent without building
 * docker-java's client: over the unix socket directly, or through docker-java's transport for
 * other hosts. A refusal becomes the exception docker-java would throw for its status, so
 * {@link EngineErrors} words both alike.
 */
interface EngineHttp {
    /** The most a reply read whole may hold; these replies are a few KiB. */
    int MAX_REPLY = 4 << 20;

    /** Sends one request; JSON is the body, or null for none. */
    Reply send(String method, String pathAndQuery, byte[] json) throws IOException;

    /** BODY read whole; more than {@link #MAX_REPLY} is an error, never a reply cut short. */
    static byte[] readReply(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_REPLY);
        if (body.read() >= 0) {
            throw new IOException("the engine's reply is larger than " + MAX_REPLY + " bytes");
        }
        return bytes;
    }

    /** A whole (small) response. */
    record Reply(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The reply of a request that must succeed: a refusal is docker-java's exception for its status. */
    default Reply call(String method, String pathAndQuery, byte[] json) {
        Reply reply;
        try {
            reply = send(method, pathAndQuery, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (reply.status() / 100 == 2) {
            return reply;
        }
        throw refusal(reply.status(), reply.text());
    }

    /** docker-java's exception for a refusal with STATUS and BODY. */
    static DockerException refusal(int status, String text) {
        String body = text.strip();
        return switch (status) {
            case 304 -> new NotModifiedException(body);
            case 400 -> new BadRequestException(body);
            case 401 -> new UnauthorizedException(body);
            case 404 -> new NotFoundException(body);
            case 406 -> new NotAcceptableException(body);
            case 409 -> new ConflictException(body);
            case 500 -> new InternalServerErrorException(body);
            default -> new DockerException(body, status);
        };
    }
}
