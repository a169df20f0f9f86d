package slugbuilder.dockerdeploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;

/**
 * Which Dockerfile builds which process type, by the Heroku CLI's rules: {@code Dockerfile.<type>},
 * or {@code Dockerfile} for a single named type; with {@code --recursive}, every
 * {@code Dockerfile.<type>} below the app directory, the closest (fewest path segments) winning.
 * An app's heroku.yml ({@code build.docker}) overrides all of that.
 */
public final class ContainerTypes {
    public static final String DOCKERFILE = "Dockerfile";

    /** A process type as a registry path component takes it: lowercase letters and digits, inner . _ -. */
    private static final Pattern TYPE = Pattern.compile("^[a-z0-9]+(?:[._-][a-z0-9]+)*$");

    private static final Pattern TYPED_DOCKERFILE = Pattern.compile("^Dockerfile\\.(\\w+)$");

    /** Never a process type: the BuildKit ignore file of a plain Dockerfile. */
    private static final String IGNORE_SUFFIX = "dockerignore";

    private ContainerTypes() {}

    /**
     * One process type's build.
     *
     * @param type       "web"
     * @param dockerfile its path relative to the app, with forward slashes
     * @param source     how it was chosen, for messages: "heroku.yml:4", "--recursive", "Dockerfile.web"
     * @param target     the Dockerfile's stage to build (heroku.yml's build.docker.<type>.target), or null for its last
     */
    public record TypeBuild(String type, String dockerfile, String source, String target) {
        public TypeBuild(String type, String dockerfile, String source) {
            this(type, dockerfile, source, null);
        }
    }

    /**
     * The builds for TYPES (empty: every type found, which needs --recursive or heroku.yml).
     *
     * @throws SlugbuilderException USAGE for a malformed type or a missing one without --recursive;
     *     BAD_INPUT for a type without a Dockerfile or with two equally close ones
     */
    public static List<TypeBuild> resolve(AppDir app, List<String> types, boolean recursive, Optional<HerokuYml> yml) {
        List<String> requested = new ArrayList<>(new LinkedHashSet<>(types));
        requested.forEach(type -> checkTypeName(type, null));
        if (yml.isPresent() && !yml.get().dockerfiles().isEmpty()) {
            return fromHerokuYml(app, requested, yml.get());
        }
        if (recursive) {
            return fromTree(app, requested);
        }
        if (requested.isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "no process type given",
                    "name the types to push (container push web), or add --recursive to push every Dockerfile.<type>");
        }
        List<TypeBuild> builds = new ArrayList<>();
        for (String type : requested) {
            String typed = DOCKERFILE + "." + type;
            if (app.hasFile(typed)) {
                builds.add(new TypeBuild(type, typed, typed));
            } else if (requested.size() == 1 && app.hasFile(DOCKERFILE)) {
                builds.add(new TypeBuild(type, DOCKERFILE, DOCKERFILE));
            } else {
                String lookedFor = requested.size() == 1 ? typed + " or " + DOCKERFILE : typed;
                Optional<String> deeper =
                        Optional.ofNullable(closestByType(app).get(type)).map(found -> found.get(0));
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "no Dockerfile for process type \"" + type + "\": looked for " + lookedFor + " in "
                                + app.root(),
                        deeper.map(path -> "add --recursive to build " + path)
                                .orElse("add " + typed + " (or one Dockerfile for a single type)"));
            }
        }
        return builds;
    }

    /** Fails unless TYPE can name a process type and a registry repository; WHERE names the file and line, or null for the command line. */
    static void checkTypeName(String type, String where) {
        if (TYPE.matcher(type).matches()) {
            return;
        }
        String problem = "\"" + type.replaceAll("\\p{Cntrl}", "?")
                + "\" is not a process type: lowercase letters and digits, with . _ - between them";
        if (where == null) {
            throw new SlugbuilderException(ExitCode.USAGE, problem, "name a process type such as web or worker");
        }
        throw new SlugbuilderException(ExitCode.BAD_INPUT, where + ": " + problem, "rename it, e.g. web or worker");
    }

    private static List<TypeBuild> fromHerokuYml(AppDir app, List<String> requested, HerokuYml yml) {
        Map<String, String> dockerfiles = yml.dockerfiles();
        List<String> types = requested.isEmpty() ? List.copyOf(dockerfiles.keySet()) : requested;
        List<TypeBuild> builds = new ArrayList<>();
        for (String type : types) {
            String path = dockerfiles.get(type);
            if (path == null) {
                throw SlugbuilderException.badFile(
                        HerokuYml.NAME,
                        yml.lineOf("build.docker"),
                        "build.docker has no process type \"" + type + "\"; it builds "
                                + String.join(", ", dockerfiles.keySet()),
                        "add  " + type + ": Dockerfile." + type + "  under build.docker, or push one of those types");
            }
            String key = "build.docker." + type;
            String relative = path.replace('\\', '/').replaceFirst("^\\./", "");
            Path file = app.root().resolve(relative).normalize();
            if (!file.startsWith(app.root())) {
                throw SlugbuilderException.badFile(
                        HerokuYml.NAME,
                        yml.lineOf(key),
                        key + ": " + path + " is outside the app's directory",
                        "name a Dockerfile inside the app, relative to heroku.yml");
            }
            if (!Files.isRegularFile(file)) {
                throw SlugbuilderException.badFile(
                        HerokuYml.NAME,
                        yml.lineOf(key),
                        key + ": " + path + (Files.exists(file) ? " is not a file" : " does not exist"),
                        "name the type's Dockerfile, relative to heroku.yml");
            }
            String dockerfile = app.root().relativize(file).toString().replace('\\', '/');
            String target = yml.targets().get(type);
            if (target != null) {
                requireStage(app, dockerfile, target, yml.lineOf(key + ".target"), key + ".target");
            }
            builds.add(new TypeBuild(type, dockerfile, HerokuYml.NAME + ":" + yml.lineOf(key), target));
        }
        return builds;
    }

    /** Fails at heroku.yml's LINE unless DOCKERFILE has a stage named TARGET (KEY names the setting). */
    private static void requireStage(AppDir app, String dockerfile, String target, int line, String key) {
        String text = app.readText(dockerfile).orElse("");
        List<String> stages = DockerfileInstructions.stageNames(text);
        if (stages.stream().noneMatch(target::equalsIgnoreCase)) {
            throw SlugbuilderException.badFile(
                    HerokuYml.NAME,
                    line,
                    key + ": " + dockerfile + " has no stage \"" + target + "\""
                            + (stages.isEmpty() ? "; it names none" : "; its stages: " + String.join(", ", stages)),
                    stages.isEmpty()
                            ? "name the stage in " + dockerfile + " (FROM <image> AS " + target + "), or remove target"
                            : "set target to one of its stages");
        }
    }

    private static List<TypeBuild> fromTree(AppDir app, List<String> requested) {
        Map<String, List<String>> closest = closestByType(app);
        List<String> types = requested.isEmpty() ? List.copyOf(closest.keySet()) : requested;
        if (types.isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT,
                    "no Dockerfile.<type> in " + app.root() + " or below",
                    "name each process type's Dockerfile after it (Dockerfile.web, Dockerfile.worker), or push one type"
                            + " from a Dockerfile: container push web");
        }
        List<TypeBuild> builds = new ArrayList<>();
        for (String type : types) {
            List<String> found = closest.get(type);
            if (found == null) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "no Dockerfile for process type \"" + type + "\": looked for Dockerfile." + type + " in "
                                + app.root() + " and below",
                        closest.isEmpty()
                                ? "add Dockerfile." + type
                                : "add Dockerfile." + type + ", or push one of: "
                                        + String.join(", ", closest.keySet()));
            }
            if (found.size() > 1) {
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "process type \"" + type + "\" has two equally close Dockerfiles: " + found.get(0) + " and "
                                + found.get(1),
                        "remove or rename one of them, or name the type's Dockerfile in heroku.yml (build.docker)");
            }
            builds.add(new TypeBuild(type, found.get(0), "--recursive"));
        }
        return builds;
    }

    /**
     * Every {@code Dockerfile.<type>} below the app (hidden directories and links left out), by
     * type, sorted: for each type, the closest ones (one, unless several are equally close).
     */
    static Map<String, List<String>> closestByType(AppDir app) {
        Map<String, List<String>> closest = new TreeMap<>();
        Map<String, Integer> depth = new LinkedHashMap<>();
        try {
            Files.walkFileTree(app.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean hidden = !dir.equals(app.root())
                            && dir.getFileName().toString().startsWith(".");
                    return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Matcher named = TYPED_DOCKERFILE.matcher(file.getFileName().toString());
                    if (!attrs.isRegularFile()
                            || !named.matches()
                            || named.group(1).equals(IGNORE_SUFFIX)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String type = named.group(1);
                    if (!TYPE.matcher(type).matches()) {
                        return FileVisitResult.CONTINUE; // Dockerfile.Web, Dockerfile._x: no type's
                    }
                    Path relative = app.root().relativize(file);
                    int segments = relative.getNameCount();
                    Integer best = depth.get(type);
                    if (best == null || segments < best) {
                        depth.put(type, segments);
                        closest.put(type, new ArrayList<>());
                    }
                    if (best == null || segments <= best) {
                        closest.get(type).add(relative.toString().replace('\\', '/'));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // an unreadable corner holds no Dockerfile we can build
                }
            });
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.BAD_INPUT, app.root() + ": cannot be read: " + e.getMessage(), "check its permissions");
        }
        closest.values().forEach(list -> list.sort(null));
        return closest;
    }
}
