package slugbuilder.appjson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;

/**
 * An app's app.json, read once and checked whole: {@code addons}, {@code env}, {@code scripts},
 * {@code formation}, {@code buildpacks} and {@code environments}. Keys Heroku reads only when it
 * creates an app from a button (name, logo, …) are left alone, as is anything unknown.
 */
public final class AppJson {
    public static final String NAME = "app.json";

    /** Heroku CI's environment. */
    public static final String TEST = "test";

    /** A review app's environment. */
    public static final String REVIEW = "review";

    private static final AppJson NONE = new AppJson(AppManifest.EMPTY, Map.of());

    private final AppManifest base;
    private final Map<String, AppManifest> environments;

    private AppJson(AppManifest base, Map<String, AppManifest> environments) {
        this.base = base;
        this.environments = environments;
    }

    /** APP's app.json; an app without one asks for nothing. */
    public static AppJson read(AppDir app) {
        return app.readText(NAME).map(text -> parse(NAME, text)).orElse(NONE);
    }

    /** The add-ons of APP's app.json (top level). */
    public static List<AddonRequest> addons(AppDir app) {
        return read(app).base().addons();
    }

    /** FILE's TEXT, checked whole: any malformed entry is an error naming its line. */
    public static AppJson parse(String file, String text) {
        Map<String, Located> root = Located.parseObject(file, text).object();
        AppManifest base = manifest(file, root);
        Map<String, AppManifest> environments = new LinkedHashMap<>();
        Located named = root.get("environments");
        if (named != null) {
            Sections.object(file, named, "environments", "write \"environments\": {\"test\": {\"scripts\": {…}}}")
                    .forEach((name, overlay) -> {
                        Map<String, Located> keys = Sections.object(
                                file, overlay, "environments." + name, "write \"" + name + "\": {\"env\": {…}}");
                        environments.put(
                                name,
                                base.overlaidWith(
                                        manifest(file, keys),
                                        keys.containsKey("addons"),
                                        keys.containsKey("buildpacks")));
                    });
        }
        return new AppJson(base, Map.copyOf(environments));
    }

    private static AppManifest manifest(String file, Map<String, Located> keys) {
        Located addons = keys.get("addons");
        Located env = keys.get("env");
        Located scripts = keys.get("scripts");
        Located formation = keys.get("formation");
        Located buildpacks = keys.get("buildpacks");
        return new AppManifest(
                addons == null ? List.of() : AddonEntries.parse(file, addons),
                env == null ? Map.of() : Sections.env(file, env),
                scripts == null ? Map.of() : Sections.scripts(file, scripts),
                formation == null ? Map.of() : Sections.formation(file, formation),
                buildpacks == null ? List.of() : Sections.buildpacks(file, buildpacks));
    }

    /** The top level: what a plain {@code start} or {@code release} reads. */
    public AppManifest base() {
        return base;
    }

    /**
     * The top level with {@code environments.NAME} laid over it; just the top level when app.json
     * has no such environment, as on Heroku. NAME null means the top level.
     */
    public AppManifest environment(String name) {
        return name == null ? base : environments.getOrDefault(name, base);
    }

    /** The environments app.json names, sorted. */
    public Set<String> environmentNames() {
        return new TreeSet<>(environments.keySet());
    }

    static SlugbuilderException bad(String file, int line, String problem, String hint) {
        return SlugbuilderException.badFile(file, line, problem, hint);
    }
}
