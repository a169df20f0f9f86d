package slugbuilder.appjson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** app.json's {@code env}, {@code scripts}, {@code formation} and {@code buildpacks}, checked entry by entry. */
final class Sections {
    /** A name a process can read from its environment, as POSIX shells and Heroku's config vars allow. */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern PROCESS_TYPE = Pattern.compile("[A-Za-z0-9_-]+");

    private Sections() {}

    static Map<String, EnvVar> env(String file, Located env) {
        Map<String, Located> entries = object(file, env, "env", "write \"env\": {\"NAME\": {\"value\": \"…\"}}");
        Map<String, EnvVar> vars = new LinkedHashMap<>();
        entries.forEach((name, entry) -> vars.put(name, envVar(file, name, entry)));
        return vars;
    }

    private static EnvVar envVar(String file, String name, Located entry) {
        int line = entry.line();
        if (!VARIABLE.matcher(name).matches()) {
            throw AppJson.bad(
                    file,
                    line,
                    "\"" + name + "\" is not a variable name",
                    "use letters, digits and underscores, not starting with a digit: \"SECRET_KEY\"");
        }
        if (entry.isString()) {
            return new EnvVar(name, entry.text(), "", true, null, line);
        }
        if (!entry.isObject()) {
            throw AppJson.bad(
                    file,
                    line,
                    "env " + name + " is " + entry.shown() + ", not a string or an object",
                    "write \"" + name + "\": \"value\" or \"" + name + "\": {\"value\": \"value\"}");
        }
        Map<String, Located> fields = entry.object();
        String value = optionalString(file, name, fields.get("value"), "value", "\"value\": \"5\" (quoted)");
        String description = optionalString(
                file, name, fields.get("description"), "description", "\"description\": \"what it is for\"");
        Located required = fields.get("required");
        if (required != null && !(required.value() instanceof Boolean)) {
            throw AppJson.bad(
                    file,
                    required.line(),
                    "env " + name + ": \"required\" is " + required.shown() + ", not true or false",
                    "write \"required\": false (or leave it out: a variable is required unless stated)");
        }
        String generator = optionalString(
                file, name, fields.get("generator"), "generator", "\"generator\": \"" + EnvVar.SECRET + "\"");
        if (generator != null && !generator.equals(EnvVar.SECRET)) {
            throw AppJson.bad(
                    file,
                    fields.get("generator").line(),
                    "env " + name + ": unknown generator \"" + generator + "\"",
                    "the one generator Heroku knows is \"" + EnvVar.SECRET + "\"");
        }
        return new EnvVar(
                name,
                value,
                description == null ? "" : description,
                required == null || (Boolean) required.value(),
                generator,
                line);
    }

    private static String optionalString(String file, String owner, Located field, String key, String example) {
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isString()) {
            throw AppJson.bad(
                    file,
                    field.line(),
                    "env " + owner + ": \"" + key + "\" is " + field.shown() + ", not a string",
                    "write " + example);
        }
        return field.text();
    }

    static Map<String, Script> scripts(String file, Located scripts) {
        Map<String, Located> entries =
                object(file, scripts, "scripts", "write \"scripts\": {\"postdeploy\": \"bin/seed\"}");
        Map<String, Script> result = new LinkedHashMap<>();
        entries.forEach((name, entry) -> {
            if (entry.isString()) {
                result.put(name, new Script(name, entry.text(), null, entry.line()));
                return;
            }
            Located command = entry.isObject() ? entry.object().get("command") : null;
            if (command == null || !command.isString()) {
                throw AppJson.bad(
                        file,
                        entry.line(),
                        "script " + name + " is " + entry.shown() + ", not a command",
                        "write \"" + name
                                + "\": \"bin/seed\" or {\"command\": \"bin/seed\", \"size\": \"standard-2x\"}");
            }
            result.put(
                    name,
                    new Script(name, command.text(), size(file, entry.object().get("size")), entry.line()));
        });
        return result;
    }

    static Map<String, FormationEntry> formation(String file, Located formation) {
        Map<String, FormationEntry> result = new LinkedHashMap<>();
        if (formation.isArray()) { // the older form: [{"process": "web", "quantity": 1}]
            for (Located entry : formation.array()) {
                Located process = entry.isObject() ? entry.object().get("process") : null;
                if (process == null || !process.isString()) {
                    throw AppJson.bad(
                            file,
                            entry.line(),
                            "a formation entry needs a \"process\"",
                            "write {\"process\": \"web\", \"quantity\": 1}, or use the object form {\"web\": {…}}");
                }
                result.put(process.text(), formationEntry(file, process.text(), entry));
            }
            return result;
        }
        object(file, formation, "formation", "write \"formation\": {\"web\": {\"quantity\": 1}}")
                .forEach((type, entry) -> result.put(type, formationEntry(file, type, entry)));
        return result;
    }

    private static FormationEntry formationEntry(String file, String type, Located entry) {
        if (!PROCESS_TYPE.matcher(type).matches()) {
            throw AppJson.bad(
                    file,
                    entry.line(),
                    "\"" + type + "\" is not a process type",
                    "name a Procfile process type: letters, digits, '_' and '-'");
        }
        if (!entry.isObject()) {
            throw AppJson.bad(
                    file,
                    entry.line(),
                    "formation " + type + " is " + entry.shown() + ", not an object",
                    "write \"" + type + "\": {\"quantity\": 1, \"size\": \"standard-1x\"}");
        }
        Located quantity = entry.object().get("quantity");
        Integer count = null;
        if (quantity != null) {
            if (!(quantity.value() instanceof Integer n) || n < 0) {
                throw AppJson.bad(
                        file,
                        quantity.line(),
                        "formation " + type + ": \"quantity\" is " + quantity.shown() + ", not a whole number",
                        "write \"quantity\": 2");
            }
            count = n;
        }
        return new FormationEntry(type, count, size(file, entry.object().get("size")), entry.line());
    }

    private static DynoSize size(String file, Located size) {
        if (size == null || size.isNull()) {
            return null;
        }
        if (!size.isString() || DynoSize.named(size.text()).isEmpty()) {
            throw AppJson.bad(
                    file,
                    size.line(),
                    "unknown dyno size " + size.shown(),
                    "use one of Heroku's sizes: " + DynoSize.known());
        }
        return DynoSize.named(size.text()).orElseThrow();
    }

    static List<Buildpack> buildpacks(String file, Located buildpacks) {
        if (!buildpacks.isArray()) {
            throw AppJson.bad(
                    file,
                    buildpacks.line(),
                    "\"buildpacks\" must be an array",
                    "write \"buildpacks\": [{\"url\": \"heroku/nodejs\"}]");
        }
        List<Buildpack> result = new ArrayList<>();
        for (Located entry : buildpacks.array()) {
            Located url = entry.isObject() ? entry.object().get("url") : null;
            if (url == null || !url.isString() || url.text().isBlank()) {
                throw AppJson.bad(
                        file,
                        entry.line(),
                        "a buildpack must be an object with a \"url\"",
                        "write {\"url\": \"heroku/nodejs\"}");
            }
            result.add(new Buildpack(url.text(), entry.line()));
        }
        return List.copyOf(result);
    }

    static Map<String, Located> object(String file, Located node, String key, String hint) {
        if (!node.isObject()) {
            throw AppJson.bad(file, node.line(), "\"" + key + "\" must be an object", hint);
        }
        return node.object();
    }
}
