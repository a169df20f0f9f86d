package slugbuilder.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds the platform files' records by hand from a {@link JsonTree}: a platform, the catalog's
 * order ({@code platforms/index.json}) and a runtime's version inventory. Only a file exactly in
 * the schema is bound (known fields, each of its own JSON type, no nulls in lists); anything else
 * is empty, and databind reads it as before, with its coercions and its error messages.
 */
final class PlatformJson {
    private static final Set<String> PLATFORM = Set.of(
            "name",
            "title",
            "detect",
            "runtimes",
            "template",
            "aptPackages",
            "dockerignore",
            "process",
            "defaultWeb",
            "defaultTest",
            "requires",
            "probes",
            "buildpacks");
    private static final Set<String> DETECT = Set.of("files", "globs");
    private static final Set<String> RUNTIME =
            Set.of("name", "title", "inventory", "pattern", "defaultVersion", "sources", "aliases");
    private static final Set<String> SOURCE = Set.of("file", "json", "line", "label", "example", "whole", "dialect");
    private static final Set<String> DEFAULT_WEB = Set.of("command", "label", "when");
    private static final Set<String> CONDITION = Set.of("file", "json", "line");
    private static final Set<String> INDEX = Set.of("comment", "order");
    private static final Set<String> INVENTORY = Set.of("runtime", "source", "retrieved", "lts", "versions");

    /** Thrown where the tree leaves the schema; cheap, as it only means "let databind read it". */
    private static final class NotInSchema extends RuntimeException {
        NotInSchema() {
            super(null, null, false, false);
        }
    }

    private PlatformJson() {}

    static Optional<Platform> platform(Object tree) {
        return bind(tree, PlatformJson::platformOf);
    }

    /** The platform names of {@code platforms/index.json}, in detection order. */
    static Optional<List<String>> order(Object tree) {
        return bind(tree, t -> {
            Map<String, Object> o = object(t, INDEX);
            string(o, "comment"); // databind would bind it: it must be text, too
            List<String> order = strings(o, "order");
            if (order == null) {
                throw new NotInSchema();
            }
            return order;
        });
    }

    static Optional<VersionInventory> inventory(Object tree) {
        return bind(tree, t -> {
            Map<String, Object> o = object(t, INVENTORY);
            List<String> versions = strings(o, "versions");
            if (versions == null) {
                throw new NotInSchema();
            }
            return new VersionInventory(
                    string(o, "runtime"), string(o, "source"), string(o, "retrieved"), strings(o, "lts"), versions);
        });
    }

    private static <T> Optional<T> bind(Object tree, Function<Object, T> binder) {
        try {
            return Optional.of(binder.apply(tree));
        } catch (NotInSchema e) {
            return Optional.empty();
        }
    }

    private static Platform platformOf(Object tree) {
        Map<String, Object> o = object(tree, PLATFORM);
        return new Platform(
                string(o, "name"),
                string(o, "title"),
                nullable(o.get("detect"), PlatformJson::detect),
                list(o, "runtimes", PlatformJson::runtime),
                string(o, "template"),
                strings(o, "aptPackages"),
                strings(o, "dockerignore"),
                string(o, "process"),
                list(o, "defaultWeb", PlatformJson::defaultWeb),
                list(o, "defaultTest", PlatformJson::defaultWeb),
                stringMap(o, "requires"),
                stringMap(o, "probes"),
                strings(o, "buildpacks"));
    }

    private static Platform.Detect detect(Object tree) {
        Map<String, Object> o = object(tree, DETECT);
        return new Platform.Detect(strings(o, "files"), strings(o, "globs"));
    }

    private static Platform.Runtime runtime(Object tree) {
        Map<String, Object> o = object(tree, RUNTIME);
        return new Platform.Runtime(
                string(o, "name"),
                string(o, "title"),
                string(o, "inventory"),
                string(o, "pattern"),
                string(o, "defaultVersion"),
                list(o, "sources", PlatformJson::source),
                stringMap(o, "aliases"));
    }

    private static Platform.VersionSource source(Object tree) {
        Map<String, Object> o = object(tree, SOURCE);
        Object whole = o.getOrDefault("whole", Boolean.FALSE);
        if (!(whole instanceof Boolean)) {
            throw new NotInSchema();
        }
        return new Platform.VersionSource(
                string(o, "file"),
                string(o, "json"),
                string(o, "line"),
                string(o, "label"),
                string(o, "example"),
                (Boolean) whole,
                string(o, "dialect"));
    }

    private static Platform.DefaultWeb defaultWeb(Object tree) {
        Map<String, Object> o = object(tree, DEFAULT_WEB);
        return new Platform.DefaultWeb(
                string(o, "command"), string(o, "label"), list(o, "when", PlatformJson::condition));
    }

    private static Platform.Condition condition(Object tree) {
        Map<String, Object> o = object(tree, CONDITION);
        return new Platform.Condition(string(o, "file"), string(o, "json"), string(o, "line"));
    }

    /** TREE as an object whose fields are all among FIELDS. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object tree, Set<String> fields) {
        if (!(tree instanceof Map) || !fields.containsAll(((Map<String, Object>) tree).keySet())) {
            throw new NotInSchema();
        }
        return (Map<String, Object>) tree;
    }

    /** An absent field and JSON's null both bind to null, as with databind. */
    private static <T> T nullable(Object value, Function<Object, T> binder) {
        return value == null || value == JsonTree.NULL ? null : binder.apply(value);
    }

    private static String string(Map<String, Object> o, String field) {
        return nullable(o.get(field), PlatformJson::string);
    }

    private static String string(Object value) {
        if (!(value instanceof String)) {
            throw new NotInSchema(); // databind would turn a number or boolean into text: its call
        }
        return (String) value;
    }

    private static <T> List<T> list(Map<String, Object> o, String field, Function<Object, T> element) {
        return nullable(o.get(field), value -> {
            if (!(value instanceof List<?> array)) {
                throw new NotInSchema();
            }
            List<T> list = new ArrayList<>(array.size());
            for (Object item : array) {
                if (item == JsonTree.NULL) {
                    throw new NotInSchema();
                }
                list.add(element.apply(item));
            }
            return list;
        });
    }

    private static List<String> strings(Map<String, Object> o, String field) {
        return list(o, field, PlatformJson::string);
    }

    private static Map<String, String> stringMap(Map<String, Object> o, String field) {
        return nullable(o.get(field), value -> {
            if (!(value instanceof Map<?, ?> object)) {
                throw new NotInSchema();
            }
            Map<String, String> map = new LinkedHashMap<>();
            object.forEach((key, item) -> map.put((String) key, string(item)));
            return map;
        });
    }
}
