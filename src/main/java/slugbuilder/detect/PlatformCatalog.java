package slugbuilder.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The platforms in detection order, loaded from the data files packed into the jar
 * ({@code platforms/index.json} names the order; one JSON file per platform).
 */
public final class PlatformCatalog {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    private final Map<String, Platform> byName;
    private final Map<String, VersionInventory> inventories = new LinkedHashMap<>();

    private PlatformCatalog(Map<String, Platform> byName) {
        this.byName = byName;
    }

    /** The catalog shipped in the jar. */
    public static PlatformCatalog builtIn() {
        Index index = read("platforms/index.json", Index.class);
        Map<String, Platform> platforms = new LinkedHashMap<>();
        for (String name : index.order()) {
            Platform platform = read("platforms/" + name + ".json", Platform.class);
            if (!platform.name().equals(name)) {
                throw new IllegalStateException("platforms/" + name + ".json names itself " + platform.name());
            }
            platforms.put(name, platform);
        }
        return new PlatformCatalog(platforms);
    }

    /** The platforms in the order detection tries them. */
    public List<Platform> inOrder() {
        return new ArrayList<>(byName.values());
    }

    public Optional<Platform> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Platform require(String name) {
        return find(name).orElseThrow(() -> new SlugbuilderException(ExitCode.USAGE,
                "unknown template '" + name + "'",
                "choose one of: " + String.join(", ", byName.keySet())));
    }

    public String names() {
        return byName.keySet().stream().collect(Collectors.joining(", "));
    }

    /** The released versions of a runtime, from {@code platforms/versions/<name>.json}. */
    public VersionInventory inventory(String name) {
        return inventories.computeIfAbsent(name,
                n -> read("platforms/versions/" + n + ".json", VersionInventory.class));
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = PlatformCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " in the slugbuilder jar");
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    record Index(String comment, List<String> order) {
    }
}
