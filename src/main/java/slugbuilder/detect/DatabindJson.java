package slugbuilder.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * jackson-databind as this package used it before {@link JsonTree} and {@link PlatformJson}: now
 * only for what those refuse, so a bad file gets the same error as always (and an odd one the
 * same coercions), while good files never load databind, whose start-up init paid for.
 */
final class DatabindJson {
    /** The catalog's data files: the jar's, and a team's versions/ files. */
    static final ObjectMapper CATALOG = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    /** A team's platform file. */
    static final ObjectMapper TEAM_PLATFORM = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /** An app's JSON files, read as trees. */
    private static final ObjectMapper APP = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DatabindJson() {}

    /** Why databind refuses TEXT as an app's JSON file; PARSED, the streaming parser's reason, should it not. */
    static JsonProcessingException appFileProblem(String text, JsonProcessingException parsed) {
        try {
            APP.readTree(text);
            return parsed;
        } catch (JsonProcessingException e) {
            return e;
        }
    }
}
