package slugbuilder.heroku;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Response;

/**
 * The JSON the Platform API exchanges, as records bound by Jackson: field names in snake case
 * ({@code commit_description}, {@code web_url}), null fields left out of requests, unknown fields
 * of answers ignored. An answer the call cannot use becomes one line through {@link FailureWording}.
 */
final class ApiJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** {@code POST /apps/{app}/slugs}; PROCESS_TYPES keeps the Procfile's order. */
    record SlugBody(
            Map<String, String> processTypes,
            String commit,
            String commitDescription,
            String buildpackProvidedDescription,
            String stack) {
        static SlugBody of(SlugRequest request) {
            return new SlugBody(
                    request.processTypes(),
                    request.commit(),
                    request.commitDescription(),
                    request.buildpackProvidedDescription(),
                    request.stack());
        }
    }

    /** {@code POST /apps/{app}/releases}. */
    record ReleaseBody(String slug, String description) {}

    /** {@code PATCH /apps/{app}/formation}: {@code {"updates": [{"type": "web", "docker_image": "sha256:..."}]}}. */
    record FormationBody(List<FormationUpdate> updates) {}

    /** One item of the answer to {@code GET /apps/{app}/addons}; only what slugbuilder uses. */
    record AddonAnswer(String name, Service addonService, List<String> configVars) {
        /** The add-on's service as the API names it. */
        record Service(String name) {}

        String serviceName() {
            return addonService == null ? null : addonService.name();
        }
    }

    /** The answer to {@code GET /apps/{app}}. */
    record AppAnswer(String name, String webUrl, Stack stack, Stack buildStack) {
        /** A stack as the API names it; only its name is used. */
        record Stack(String name) {}

        String stackName() {
            return stack == null ? null : stack.name();
        }

        String buildStackName() {
            return buildStack == null ? null : buildStack.name();
        }
    }

    /** The answer to creating a slug: its id and where to put the archive. */
    record SlugAnswer(String id, Blob blob) {
        record Blob(String method, String url) {}
    }

    /** A release, as creating, reading and listing releases answer it. */
    record ReleaseAnswer(String id, Integer version, String status, String outputStreamUrl, Boolean current) {}

    /** A Platform API error body. */
    record ErrorAnswer(String id, String message) {}

    private final FailureWording wording;

    ApiJson(FailureWording wording) {
        this.wording = wording;
    }

    static byte[] write(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error in BODY, if it is a JSON object with an {@code id} or a {@code message}. */
    static Optional<ErrorAnswer> error(String body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json == null || !json.isObject()) {
                return Optional.empty();
            }
            ErrorAnswer error = MAPPER.treeToValue(json, ErrorAnswer.class);
            return error.id() == null && error.message() == null ? Optional.empty() : Optional.of(error);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The body of CALL's successful RESPONSE as TYPE. A body that is not a JSON object, or whose
     * field cannot be bound, is not worth a retry: it fails with one line naming the field.
     */
    <T> T read(ApiCall call, Response response, Class<T> type) throws IOException {
        JsonNode json = tree(call, response);
        if (json == null || !json.isObject()) {
            throw wording.unexpectedResponse(call, response.code(), "its body is not a JSON object");
        }
        return bind(call, response, json, type);
    }

    /** The body of CALL's successful RESPONSE as a list of TYPE: a JSON array of objects. */
    <T> List<T> readList(ApiCall call, Response response, Class<T> type) throws IOException {
        JsonNode json = tree(call, response);
        if (json == null || !json.isArray()) {
            throw wording.unexpectedResponse(call, response.code(), "its body is not a JSON array");
        }
        List<T> items = new ArrayList<>();
        for (JsonNode item : json) {
            if (!item.isObject()) {
                throw wording.unexpectedResponse(call, response.code(), "its array holds something else than objects");
            }
            items.add(bind(call, response, item, type));
        }
        return items;
    }

    /**
     * The body of CALL's successful RESPONSE as a JSON object of strings (config vars), in its
     * order; a null value (a var being unset) is left out. The message for anything else names
     * the field, never a value.
     */
    Map<String, String> readStrings(ApiCall call, Response response) throws IOException {
        JsonNode json;
        try {
            json = MAPPER.readTree(
                    response.body() == null ? "" : response.body().string());
        } catch (JsonProcessingException e) {
            // unlike other answers, none of this body is shown: it holds secrets
            throw wording.unexpectedResponse(call, response.code(), "its body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw wording.unexpectedResponse(call, response.code(), "its body is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw wording.unexpectedResponse(
                        call,
                        response.code(),
                        "its field \"" + wording.oneLine(field.getKey(), 80) + "\" is not a string");
            }
            values.put(field.getKey(), value.textValue());
        }
        return values;
    }

    private JsonNode tree(ApiCall call, Response response) throws IOException {
        String body = response.body() == null ? "" : response.body().string();
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw wording.unexpectedResponse(
                    call, response.code(), "its body is not JSON: \"" + wording.oneLine(body, 120) + "\"");
        }
    }

    private <T> T bind(ApiCall call, Response response, JsonNode json, Class<T> type) throws JsonProcessingException {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (MismatchedInputException e) {
            throw missing(call, response, lastField(e.getPath()));
        }
    }

    /** VALUE, which the answer must have and not be empty. */
    String required(ApiCall call, Response response, String value, String field) {
        if (value == null || value.isEmpty()) {
            throw missing(call, response, field);
        }
        return value;
    }

    RuntimeException missing(ApiCall call, Response response, String field) {
        return wording.unexpectedResponse(call, response.code(), "its body has no \"" + field + "\"");
    }

    private static String lastField(List<JsonMappingException.Reference> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            String name = path.get(i).getFieldName();
            if (name != null) {
                return name;
            }
        }
        return "expected fields";
    }
}
