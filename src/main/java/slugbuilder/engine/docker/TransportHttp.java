package slugbuilder.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;

/** {@link EngineHttp} through docker-java's transport: TCP and TLS hosts, and contexts. */
final class TransportHttp implements EngineHttp {
    private final DockerHttpClient http;

    TransportHttp(DockerHttpClient http) {
        this.http = http;
    }

    @Override
    public Reply send(String method, String pathAndQuery, byte[] json) throws IOException {
        DockerHttpClient.Request.Builder request =
                DockerHttpClient.Request.builder().method(method).path(pathAndQuery);
        if (json != null) {
            request.putHeader("Content-Type", "application/json").bodyBytes(json);
        }
        try (DockerHttpClient.Response response = http.execute(request.build());
                InputStream body = response.getBody()) {
            return new Reply(response.getStatusCode(), body == null ? new byte[0] : EngineHttp.readReply(body));
        }
    }
}
