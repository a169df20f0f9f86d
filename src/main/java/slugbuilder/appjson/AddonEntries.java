package slugbuilder.appjson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** app.json's {@code addons}: strings or objects with a {@code plan}. */
final class AddonEntries {
    /** Heroku's rule for attachment names, which become config var prefixes. */
    private static final Pattern ATTACHMENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static final Pattern ADDON_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private AddonEntries() {}

    static List<AddonRequest> parse(String file, Located addons) {
        if (!addons.isArray()) {
            throw AppJson.bad(
                    file,
                    addons.line(),
                    "\"addons\" must be an array",
                    "write \"addons\": [\"heroku-postgresql\", {\"plan\": \"heroku-redis\"}]");
        }
        List<AddonRequest> requests = new ArrayList<>();
        for (Located entry : addons.array()) {
            requests.add(entry(file, entry));
        }
        return List.copyOf(requests);
    }

    private static AddonRequest entry(String file, Located entry) {
        int line = entry.line();
        if (entry.isString()) {
            return request(file, line, entry.text(), null, null);
        }
        Located plan = entry.isObject() ? entry.object().get("plan") : null;
        if (plan == null || !plan.isString()) {
            throw AppJson.bad(
                    file,
                    line,
                    "an add-on must be a string or an object with a \"plan\"",
                    "write \"heroku-postgresql\" or {\"plan\": \"heroku-postgresql\", \"as\": \"DATABASE\"}");
        }
        String as = null;
        Located asNode = entry.object().get("as");
        if (asNode != null && !asNode.isNull()) {
            if (!asNode.isString() || !ATTACHMENT.matcher(asNode.text()).matches()) {
                throw AppJson.bad(
                        file,
                        line,
                        "\"as\": " + asNode.shown() + " is not an attachment name",
                        "use a letter, then letters, digits and underscores, e.g. \"as\": \"BACKUP_DATABASE\"");
            }
            as = asNode.text().toUpperCase(Locale.ROOT);
        }
        Located options = entry.object().get("options");
        Located version =
                options != null && options.isObject() ? options.object().get("version") : null;
        String versionText = version != null && (version.isString() || version.value() instanceof Number)
                ? String.valueOf(version.value())
                : null;
        return request(file, line, plan.text(), as, versionText);
    }

    /** "heroku-postgresql:essential-0" names the add-on heroku-postgresql on the plan essential-0. */
    private static AddonRequest request(String file, int line, String spec, String as, String version) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String plan = colon < 0 ? null : spec.substring(colon + 1);
        if (!ADDON_NAME.matcher(name).matches()) {
            throw AppJson.bad(
                    file,
                    line,
                    "\"" + spec + "\" is not an add-on name",
                    "write the add-on's name and, optionally, its plan: \"heroku-postgresql:essential-0\"");
        }
        return new AddonRequest(name, plan, as, version, line);
    }
}
