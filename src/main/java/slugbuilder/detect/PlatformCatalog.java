package slugbuilder.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The platforms in detection order, loaded from the data files packed into the jar
 * ({@code platforms/index.json} names the order; one JSON file per platform), after those of
 * a team's platforms directories, if any: their {@code <name>.json} files in name order, one
 * directory after the other, each replacing a platform of the same name further down.
 */
public final class PlatformCatalog {
    /** Where a platform came from, as {@code init --list} shows it. */
    public static final String BUILT_IN = "built-in";

    private final Map<String, Platform> byName;
    private final Map<String, String> origins;
    private final List<Path> teamDirs;
    private final Map<String, VersionInventory> inventories = new LinkedHashMap<>();

    private PlatformCatalog(Map<String, Platform> byName, Map<String, String> origins, List<Path> teamDirs) {
        this.byName = byName;
        this.origins = origins;
        this.teamDirs = List.copyOf(teamDirs);
    }

    /** The catalog shipped in the jar. */
    public static PlatformCatalog builtIn() {
        Index index = read(
                "platforms/index.json",
                tree -> PlatformJson.order(tree).map(order -> new Index(null, order)),
                Index.class);
        Map<String, Platform> platforms = new LinkedHashMap<>();
        for (String name : index.order()) {
            Platform platform = read("platforms/" + name + ".json", PlatformJson::platform, Platform.class);
            if (!platform.name().equals(name)) {
                throw new IllegalStateException("platforms/" + name + ".json names itself " + platform.name());
            }
            platforms.put(name, platform);
        }
        Map<String, String> origins = new LinkedHashMap<>();
        platforms.keySet().forEach(name -> origins.put(name, BUILT_IN));
        return new PlatformCatalog(platforms, origins, List.of());
    }

    /**
     * The platforms of DIRS (each a directory of {@code <name>.json} and templates), then the
     * built-in ones. A directory's templates and partials are found before the built-in ones,
     * and so are its runtime inventories ({@code versions/<name>.json}).
     */
    public static PlatformCatalog withTeamDirs(List<Path> dirs) {
        PlatformCatalog builtIn = builtIn();
        if (dirs.isEmpty()) {
            return builtIn;
        }
        Map<String, Platform> platforms = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        PlatformCatalog partial = new PlatformCatalog(platforms, origins, dirs);
        for (Path dir : dirs) {
            for (Path file : jsonFiles(dir)) {
                Platform platform = PlatformFile.read(file, partial::templateExists, partial::inventoryExists);
                // an earlier directory wins, as on a PATH
                if (platforms.putIfAbsent(platform.name(), platform) == null) {
                    origins.put(platform.name(), file.toString());
                }
            }
        }
        builtIn.byName.forEach((name, platform) -> {
            if (platforms.putIfAbsent(name, platform) == null) {
                origins.put(name, BUILT_IN);
            }
        });
        return partial;
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw SlugbuilderException.badFile(
                    dir.toString(), 0, "cannot be listed: " + e.getMessage(), "check its permissions");
        }
    }

    /** "built-in", or the file a team's platform was read from. */
    public String origin(Platform platform) {
        return origins.getOrDefault(platform.name(), BUILT_IN);
    }

    /** The team's platforms directories, whose templates come before the built-in ones. */
    public List<Path> teamDirs() {
        return teamDirs;
    }

    private boolean templateExists(String template) {
        String file = template + ".Dockerfile.mustache";
        return teamDirs.stream().anyMatch(dir -> Files.isRegularFile(dir.resolve(file)))
                || PlatformCatalog.class.getClassLoader().getResource("templates/" + file) != null;
    }

    private boolean inventoryExists(String name) {
        return teamInventory(name).isPresent()
                || PlatformCatalog.class.getClassLoader().getResource("platforms/versions/" + name + ".json") != null;
    }

    private Optional<Path> teamInventory(String name) {
        return teamDirs.stream()
                .map(dir -> dir.resolve("versions").resolve(name + ".json"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** The platforms in the order detection tries them. */
    public List<Platform> inOrder() {
        return new ArrayList<>(byName.values());
    }

    public Optional<Platform> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Platform require(String name) {
        return find(name)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.USAGE,
                        "unknown template '" + name + "'",
                        "choose one of: " + String.join(", ", byName.keySet())));
    }

    public String names() {
        return byName.keySet().stream().collect(Collectors.joining(", "));
    }

    /** The released versions of a runtime, from {@code platforms/versions/<name>.json}. */
    public VersionInventory inventory(String name) {
        return inventories.computeIfAbsent(name, n -> teamInventory(n)
                .map(PlatformCatalog::readTeamInventory)
                .orElseGet(() ->
                        read("platforms/versions/" + n + ".json", PlatformJson::inventory, VersionInventory.class)));
    }

    private static VersionInventory readTeamInventory(Path file) {
        try {
            Optional<VersionInventory> bound = PlatformJson.inventory(JsonTree.parseRecord(Files.readAllBytes(file)));
            if (bound.isPresent()) {
                return bound.get();
            }
        } catch (IOException e) {
            // databind's reading below says what is wrong, as it always has
        }
        try {
            return DatabindJson.CATALOG.readValue(file.toFile(), VersionInventory.class);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw SlugbuilderException.badFile(
                    file.toString(),
                    line,
                    VersionReader.jsonProblem(e),
                    "write it as platforms/versions/*.json in slugbuilder's sources are written");
        } catch (IOException e) {
            throw SlugbuilderException.badFile(
                    file.toString(), 0, "cannot be read: " + e.getMessage(), "check its permissions");
        }
    }

    /** The jar's RESOURCE bound by hand (BY_HAND), or by databind when it does not fit the schema exactly. */
    private static <T> T read(String resource, Function<Object, Optional<T>> byHand, Class<T> type) {
        byte[] bytes;
        try (InputStream in = PlatformCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " in the slugbuilder jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        try {
            Optional<T> bound = byHand.apply(JsonTree.parseRecord(bytes));
            if (bound.isPresent()) {
                return bound.get();
            }
        } catch (IOException e) {
            // databind's reading below says what is wrong
        }
        try {
            return DatabindJson.CATALOG.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    record Index(String comment, List<String> order) {}
}
