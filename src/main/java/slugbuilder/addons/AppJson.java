package slugbuilder.addons;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.JsonWording;

/** The {@code addons} of an app's app.json, each with the line it starts on; other keys are Heroku's business. */
public final class AppJson {
    public static final String NAME = "app.json";

    /** Heroku's rule for attachment names, which become config var prefixes. */
    private static final Pattern ATTACHMENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static final Pattern ADDON_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AppJson() {}

    /** The add-ons APP's app.json asks for; none when it has no app.json or no {@code addons}. */
    public static List<AddonRequest> addons(AppDir app) {
        return app.readText(NAME).map(text -> parse(NAME, text)).orElse(List.of());
    }

    static List<AddonRequest> parse(String file, String text) {
        try (JsonParser parser = new JsonFactory(JSON).createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, line(parser), "is not a JSON object", "app.json holds one object: {\"addons\": [...]}");
            }
            List<AddonRequest> addons = List.of();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("addons")) {
                    addons = addonList(file, parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw bad(file, line(parser), "has text after its object", "remove what follows the closing }");
            }
            return addons;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw bad(file, line, "invalid JSON: " + JsonWording.problem(e), "fix the JSON syntax");
        } catch (IOException e) {
            throw bad(file, 0, "cannot be read: " + e.getMessage(), "check the file");
        }
    }

    private static List<AddonRequest> addonList(String file, JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw bad(
                    file,
                    line(parser),
                    "\"addons\" must be an array",
                    "write \"addons\": [\"heroku-postgresql\", {\"plan\": \"heroku-redis\"}]");
        }
        List<AddonRequest> addons = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int line = line(parser);
            JsonNode entry = parser.readValueAsTree();
            addons.add(entry(file, line, entry));
        }
        return List.copyOf(addons);
    }

    private static AddonRequest entry(String file, int line, JsonNode entry) {
        if (entry.isTextual()) {
            return new AddonRequest(name(file, line, entry.asText()), null, null, line);
        }
        if (!entry.isObject() || !entry.path("plan").isTextual()) {
            throw bad(
                    file,
                    line,
                    "an add-on must be a string or an object with a \"plan\"",
                    "write \"heroku-postgresql\" or {\"plan\": \"heroku-postgresql\", \"as\": \"DATABASE\"}");
        }
        String as = null;
        JsonNode asNode = entry.get("as");
        if (asNode != null && !asNode.isNull()) {
            if (!asNode.isTextual() || !ATTACHMENT.matcher(asNode.asText()).matches()) {
                throw bad(
                        file,
                        line,
                        "\"as\": " + asNode + " is not an attachment name",
                        "use a letter, then letters, digits and underscores, e.g. \"as\": \"BACKUP_DATABASE\"");
            }
            as = asNode.asText().toUpperCase(Locale.ROOT);
        }
        JsonNode version = entry.path("options").path("version");
        return new AddonRequest(
                name(file, line, entry.get("plan").asText()),
                as,
                version.isTextual() || version.isNumber() ? version.asText() : null,
                line);
    }

    /** "heroku-postgresql:essential-0" names the add-on heroku-postgresql; the plan is Heroku's business. */
    private static String name(String file, int line, String plan) {
        String name = plan.contains(":") ? plan.substring(0, plan.indexOf(':')) : plan;
        if (!ADDON_NAME.matcher(name).matches()) {
            throw bad(
                    file,
                    line,
                    "\"" + plan + "\" is not an add-on name",
                    "write the add-on's name and, optionally, its plan: \"heroku-postgresql:essential-0\"");
        }
        return name;
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static SlugbuilderException bad(String file, int line, String problem, String hint) {
        return SlugbuilderException.badFile(file, line, problem, hint);
    }
}
