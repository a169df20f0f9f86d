package slugbuilder.engine.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import slugbuilder.engine.RegistryAuth;

/**
 * Registry credentials as the Engine API takes them, in a header of the one request that needs
 * them; nothing is stored. A build gets the Docker CLI's saved logins ({@code auths} of its
 * config file, as docker-java's build sends them) for its FROM pulls; a push gets the one
 * credential it was given.
 */
final class RegistryCredentials {
    private static final JsonFactory JSON = new JsonFactory();

    private RegistryCredentials() {}

    /** {@code X-Registry-Config} for a build: the config file's {@code auths}, when it has any. */
    static Optional<String> buildHeader() {
        return buildHeader(EngineAddress.configFile());
    }

    static Optional<String> buildHeader(Path config) {
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        ByteArrayOutputStream auths = new ByteArrayOutputStream();
        try (JsonParser in = JSON.createParser(config.toFile());
                JsonGenerator out = JSON.createGenerator(auths)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                if (name.equals("auths") && value == JsonToken.START_OBJECT) {
                    out.copyCurrentStructure(in);
                } else {
                    in.skipChildren();
                }
            }
        } catch (IOException unreadable) {
            return Optional.empty(); // the CLI's own file, not ours to judge: builds go on without logins
        }
        return auths.size() <= 2 ? Optional.empty() : Optional.of(encode(auths.toByteArray()));
    }

    /** {@code X-Registry-Auth} for a push. */
    static String pushHeader(RegistryAuth auth) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringField("username", auth.username());
            out.writeStringField("password", auth.password());
            out.writeStringField("serveraddress", auth.registry());
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return encode(json.toByteArray());
    }

    /** The engine decodes these headers as URL-safe base64, as the Docker CLI encodes them. */
    private static String encode(byte[] json) {
        return Base64.getUrlEncoder().encodeToString(json);
    }
}
