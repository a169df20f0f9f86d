package slugbuilder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.heroku.ApiToken;

/**
 * {@link RegistryClient} over the registry's V2 HTTP API, with Heroku's Basic auth (username
 * {@code _}, password the API token). Only a Docker V2 schema 2 manifest is accepted: an OCI
 * manifest or a manifest list is what Heroku refuses after the upload.
 */
public final class OkHttpRegistryClient implements RegistryClient {
    public static final String USERNAME = "_";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final Registry registry;
    private final String authorization;
    private final OkHttpClient http;

    public OkHttpRegistryClient(Registry registry, ApiToken token) {
        this.registry = registry;
        this.authorization = Credentials.basic(USERNAME, token.value());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .followRedirects(false)
                .build();
    }

    @Override
    public Manifest manifest(String app, String type) {
        String repository = app + "/" + type;
        String what = "the manifest of " + registry.image(app, type);
        Request request = new Request.Builder()
                .url(registry.baseUrl() + "/v2/" + repository + "/manifests/" + Registry.TAG)
                .header("Accept", Manifest.SCHEMA2)
                .header("Authorization", authorization)
                .get()
                .build();
        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            if (status == 401) {
                throw new SlugbuilderException(
                        ExitCode.PLATFORM_API,
                        "failed to read " + what + ": the registry refused the token (HTTP 401)",
                        "check the API token (HEROKU_API_KEY, else ~/.netrc; `heroku auth:token` prints a valid one)");
            }
            if (status == 404) {
                throw new SlugbuilderException(
                        ExitCode.PLATFORM_API,
                        "failed to read " + what + ": the registry has no such image (HTTP 404)",
                        "push it first: slugbuilder container push " + type + " -a " + app);
            }
            if (status != 200) {
                throw new SlugbuilderException(
                        ExitCode.PLATFORM_API,
                        "failed to read " + what + ": the registry answered HTTP " + status,
                        "try again once the registry answers");
            }
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.byteStream().readNBytes(MAX_MANIFEST_BYTES);
            String contentType = response.header("Content-Type", "");
            return parse(what, bytes, contentType, response.header("Docker-Content-Digest", ""));
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    "failed to read " + what + ": cannot reach the registry at " + registry + ": " + reason(e),
                    "check the registry's address (--registry, " + Registry.ENV_VAR + ") and the network",
                    e);
        }
    }

    private static Manifest parse(String what, byte[] bytes, String contentType, String digest) throws IOException {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(bytes);
        } catch (IOException notJson) {
            manifest = null;
        }
        if (manifest == null || !manifest.isObject()) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API, "failed to read " + what + ": the registry's answer is not a JSON manifest");
        }
        String mediaType = manifest.path("mediaType").asText(contentType.split(";", 2)[0].strip());
        if (!Manifest.SCHEMA2.equals(mediaType)
                || manifest.path("schemaVersion").asInt() != 2) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    what + " is " + describe(mediaType, manifest) + ", which Heroku refuses: it takes only a single"
                            + " Docker V2 schema 2 manifest (" + Manifest.SCHEMA2 + ")",
                    "push from an engine without the containerd image store, a single linux/amd64 image without"
                            + " attestations (slugbuilder container push does)");
        }
        String config = manifest.path("config").path("digest").asText("");
        if (!DIGEST.matcher(config).matches()) {
            throw new SlugbuilderException(
                    ExitCode.PLATFORM_API,
                    what + " has no config digest (config.digest): no image id to release",
                    "push the image again");
        }
        JsonNode layers = manifest.path("layers");
        long size = manifest.path("config").path("size").asLong(0);
        for (JsonNode layer : layers) {
            size += layer.path("size").asLong(0);
        }
        return new Manifest(digest, config, layers.size(), size);
    }

    private static String describe(String mediaType, JsonNode manifest) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        if (type.equals(OCI_MANIFEST)) {
            return "an OCI image manifest";
        }
        if (type.equals(OCI_INDEX) || type.equals(MANIFEST_LIST)) {
            return "a multi-platform list (" + mediaType + ")";
        }
        if (manifest.path("schemaVersion").asInt() == 1) {
            return "a schema 1 manifest";
        }
        return type.isEmpty() ? "a manifest of no declared type" : "a manifest of type " + mediaType;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "OkHttpRegistryClient[" + registry + ", token=<redacted>]";
    }
}
