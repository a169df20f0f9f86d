package slugbuilder.dockerdeploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import slugbuilder.SlugbuilderException;
import slugbuilder.Spelling;
import slugbuilder.app.AppDir;

/**
 * An app's {@code heroku.yml}, the build manifest Heroku reads on its own builders, as far as the
 * container path uses it: {@code build.docker} (process type to Dockerfile), {@code build.config}
 * (build arguments), {@code run.<type>} (the command {@code container run} gives a type) and
 * {@code release} (the release phase's image and command). Other sections ({@code setup}) are left
 * to the platform. A malformed file fails naming its line, and so does a key Heroku does not know
 * (a typo such as {@code buid:} would otherwise be ignored silently), with the key it most likely meant.
 *
 * @param dockerfiles type to Dockerfile path (relative to the app, forward slashes), in file order
 * @param targets     type to the Dockerfile stage to build ({@code build.docker.<type>.target}), for the types that name one
 * @param buildConfig build arguments, in file order
 * @param run         type to its command; absent types run their image's CMD
 * @param release     what the release phase runs, or null
 * @param lines       the line each key path ("build.docker.web") is on, for messages
 */
public record HerokuYml(
        Map<String, String> dockerfiles,
        Map<String, String> targets,
        Map<String, String> buildConfig,
        Map<String, RunCommand> run,
        Release release,
        Map<String, Integer> lines) {
    public static final String NAME = "heroku.yml";

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER =
            new ObjectMapper(YAML).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** heroku.yml's sections, as Heroku's reference lists them. */
    private static final List<String> SECTIONS = List.of("setup", "build", "release", "run");

    /**
     * A {@code run.<type>} entry: a string runs through a shell (as the runtime runs CMD), a
     * {@code command} list runs as it is.
     *
     * @param shell the string form, or null
     * @param exec  the list form (empty for the string form)
     * @param image the type whose image runs it, or null for the type's own
     */
    public record RunCommand(String shell, List<String> exec, String image) {
        public RunCommand {
            exec = List.copyOf(exec);
        }
    }

    /**
     * The {@code release} section.
     *
     * @param image   the process type whose image runs the release phase (null: the release type's own)
     * @param command the command, or empty for the image's CMD
     */
    public record Release(String image, List<String> command) {
        public Release {
            command = List.copyOf(command);
        }
    }

    public HerokuYml {
        dockerfiles = Collections.unmodifiableMap(new LinkedHashMap<>(dockerfiles));
        targets = Map.copyOf(targets);
        buildConfig = Collections.unmodifiableMap(new LinkedHashMap<>(buildConfig));
        run = Collections.unmodifiableMap(new LinkedHashMap<>(run));
        lines = Map.copyOf(lines);
    }

    /** The app's heroku.yml, if it has one. */
    public static Optional<HerokuYml> read(AppDir app) {
        return app.readText(NAME).map(HerokuYml::parse);
    }

    /** The line of PATH ("build.docker.web"), else of its nearest parent that has one, else 0 (the whole file). */
    public int lineOf(String path) {
        for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** Parses heroku.yml's text; a problem fails as heroku.yml:LINE. */
    public static HerokuYml parse(String text) {
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            root = MAPPER.readTree(text);
            try (JsonParser parser = YAML.createParser(text)) {
                if (parser.nextToken() != null) {
                    keyLines(parser, "", lines);
                }
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            throw SlugbuilderException.badFile(NAME, 0, "cannot be read: " + e.getMessage(), null);
        }
        Reader reader = new Reader(lines);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new HerokuYml(Map.of(), Map.of(), Map.of(), Map.of(), null, lines);
        }
        reader.requireObject(root, "", "a mapping of sections (build, run, release, setup)");
        reader.knownKeys(root, "", SECTIONS);
        JsonNode setup = root.path("setup");
        if (setup.isObject()) {
            reader.knownKeys(setup, "setup", List.of("addons", "config"));
        }
        JsonNode build = root.path("build");
        Map<String, String> dockerfiles = new LinkedHashMap<>();
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> buildConfig = new LinkedHashMap<>();
        if (!build.isMissingNode()) {
            reader.requireObject(build, "build", "a mapping with docker and config");
            reader.knownKeys(build, "build", List.of("docker", "config"));
            JsonNode docker = build.path("docker");
            if (!docker.isMissingNode()) {
                reader.requireObject(docker, "build.docker", "a mapping of process types to Dockerfiles");
                docker.fields().forEachRemaining(entry -> {
                    String path = "build.docker." + entry.getKey();
                    ContainerTypes.checkTypeName(entry.getKey(), reader.where(path));
                    JsonNode value = entry.getValue();
                    if (value.isObject()) {
                        // the long form: dockerfile and, since 2018, the stage to build
                        reader.knownKeys(value, path, List.of("dockerfile", "target"));
                        if (value.path("dockerfile").isMissingNode()) {
                            throw reader.error(
                                    path,
                                    path + " has no dockerfile",
                                    "write  dockerfile: Dockerfile." + entry.getKey() + "  under it");
                        }
                        JsonNode target = value.path("target");
                        if (!target.isMissingNode()) {
                            targets.put(entry.getKey(), reader.text(target, path + ".target", "a stage's name"));
                        }
                        dockerfiles.put(
                                entry.getKey(),
                                reader.text(value.path("dockerfile"), path + ".dockerfile", "a Dockerfile's path"));
                    } else {
                        dockerfiles.put(entry.getKey(), reader.text(value, path, "a Dockerfile's path"));
                    }
                });
            }
            JsonNode config = build.path("config");
            if (!config.isMissingNode()) {
                reader.requireObject(config, "build.config", "a mapping of build arguments to values");
                config.fields()
                        .forEachRemaining(entry -> buildConfig.put(
                                entry.getKey(), reader.scalar(entry.getValue(), "build.config." + entry.getKey())));
            }
        }
        Map<String, RunCommand> run = new LinkedHashMap<>();
        JsonNode runs = root.path("run");
        if (!runs.isMissingNode()) {
            reader.requireObject(runs, "run", "a mapping of process types to commands");
            runs.fields().forEachRemaining(entry -> {
                String path = "run." + entry.getKey();
                ContainerTypes.checkTypeName(entry.getKey(), reader.where(path));
                if (entry.getValue().isObject()) {
                    reader.knownKeys(entry.getValue(), path, List.of("command", "image"));
                }
                run.put(entry.getKey(), reader.runCommand(entry.getValue(), path));
            });
        }
        Release release = null;
        JsonNode releaseNode = root.path("release");
        if (!releaseNode.isMissingNode()) {
            reader.requireObject(releaseNode, "release", "a mapping with image and command");
            reader.knownKeys(releaseNode, "release", List.of("image", "command"));
            JsonNode image = releaseNode.path("image");
            release = new Release(
                    image.isMissingNode() ? null : reader.text(image, "release.image", "a process type"),
                    reader.command(releaseNode.path("command"), "release.command"));
        }
        return new HerokuYml(dockerfiles, targets, buildConfig, run, release, lines);
    }

    /** Records the line of every key, by its dotted path. The parser stands on the value at PATH. */
    private static void keyLines(JsonParser parser, String path, Map<String, Integer> lines) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                lines.putIfAbsent(child, line(parser.currentTokenLocation()));
                parser.nextToken();
                keyLines(parser, child, lines);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + index++ + "]";
                lines.putIfAbsent(child, line(parser.currentTokenLocation()));
                keyLines(parser, child, lines);
            }
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    /** The YAML parser's complaint as one line, at the line it names. */
    private static SlugbuilderException syntaxError(JsonProcessingException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                String problem = marked.getProblem() == null ? "malformed" : marked.getProblem();
                if (problem.contains("<block")) {
                    // SnakeYAML's words for a line indented unlike its neighbours
                    problem = "this line's indentation does not line up with the lines above it";
                }
                return SlugbuilderException.badFile(
                        NAME,
                        marked.getProblemMark().getLine() + 1,
                        "not valid YAML: " + oneLine(problem),
                        "fix that line (YAML indents with spaces; a value with ': ' needs quotes)");
            }
        }
        String message = oneLine(e.getOriginalMessage());
        String hint = message.startsWith("Duplicate field")
                ? "keep one of them: a later one would silently replace the earlier"
                : "fix that line (YAML indents with spaces; a value with ': ' needs quotes)";
        return SlugbuilderException.badFile(NAME, line(e.getLocation()), "not valid YAML: " + message, hint);
    }

    private static String oneLine(String text) {
        String first = text == null ? "" : text.strip().split("\n", 2)[0].strip();
        return first.isEmpty() ? "malformed" : first;
    }

    /** Reads the tree, failing with the line of the key in hand. */
    private record Reader(Map<String, Integer> lines) {
        String where(String path) {
            Integer line = lines.get(path);
            return line == null || line == 0 ? NAME : NAME + ":" + line;
        }

        /** At the line of PATH, else of its nearest parent that has one (a key that is missing has none). */
        SlugbuilderException error(String path, String problem, String hint) {
            return SlugbuilderException.badFile(
                    NAME,
                    new HerokuYml(Map.of(), Map.of(), Map.of(), Map.of(), null, lines).lineOf(path),
                    problem,
                    hint);
        }

        /** Fails at the first key of NODE (at PATH) not in KNOWN, with the known key it most likely meant. */
        void knownKeys(JsonNode node, String path, List<String> known) {
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    String where = path.isEmpty() ? "" : " in " + path;
                    String takes = (path.isEmpty() ? "heroku.yml's top level" : path) + " takes "
                            + String.join(", ", known.subList(0, known.size() - 1)) + " and "
                            + known.get(known.size() - 1);
                    Optional<String> meant = Spelling.closest(key, known);
                    throw error(
                            path.isEmpty() ? key : path + "." + key,
                            "unknown key \"" + key + "\"" + where
                                    + meant.map(m -> "; did you mean \"" + m + "\"?")
                                            .orElse(""),
                            meant.map(m -> "rename it to " + m + " (" + takes + ")")
                                    .orElse(takes + ": remove the key or fix its name"));
                }
            });
        }

        void requireObject(JsonNode node, String path, String what) {
            if (!node.isObject()) {
                throw error(
                        path,
                        (path.isEmpty() ? "the file" : path) + " must be " + what + ", not " + kind(node),
                        "see Heroku's heroku.yml reference: build.docker.<type>: <Dockerfile>");
            }
        }

        String text(JsonNode node, String path, String what) {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw error(
                        path,
                        path + " must be " + what + ", not " + kind(node),
                        "write  " + path + ": " + example(path));
            }
            return node.asText().strip();
        }

        /** A build argument's value: YAML reads 8080 and true as numbers and booleans, which are values too. */
        String scalar(JsonNode node, String path) {
            if (!node.isValueNode() || node.isNull()) {
                throw error(path, path + " must be a single value, not " + kind(node), "quote the value");
            }
            return node.asText();
        }

        RunCommand runCommand(JsonNode node, String path) {
            if (node.isTextual() && !node.asText().isBlank()) {
                return new RunCommand(node.asText().strip(), List.of(), null);
            }
            if (node.isObject()) {
                List<String> exec = command(node.path("command"), path + ".command");
                JsonNode image = node.path("image");
                if (exec.isEmpty()) {
                    throw error(path, path + " has no command", "write  command: [\"./bin/worker\"]  under it");
                }
                return new RunCommand(
                        null, exec, image.isMissingNode() ? null : text(image, path + ".image", "a process type"));
            }
            throw error(
                    path,
                    path + " must be a command (a string, or a mapping with command), not " + kind(node),
                    "write  " + path + ": <command>");
        }

        /** A command: a list of strings (an exec form), or one string taken as the list of itself; missing: empty. */
        List<String> command(JsonNode node, String path) {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (node.isTextual()) {
                return List.of(node.asText());
            }
            if (!node.isArray()) {
                throw error(
                        path,
                        path + " must be a list of strings, not " + kind(node),
                        "write  command: [\"./release.sh\"]");
            }
            List<String> words = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode word = node.get(i);
                if (!word.isValueNode() || word.isNull()) {
                    throw error(
                            path + "[" + i + "]",
                            path + " must be a list of strings",
                            "write  command: [\"./release.sh\"]");
                }
                words.add(word.asText());
            }
            return words;
        }

        private static String example(String path) {
            return path.startsWith("build.docker.") ? "Dockerfile." + path.substring("build.docker.".length()) : "web";
        }

        private static String kind(JsonNode node) {
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isArray()) {
                return "a list";
            }
            if (node.isNull()) {
                return "empty";
            }
            if (node.isTextual()) {
                return node.asText().isBlank() ? "empty" : "a string";
            }
            return "a " + node.getNodeType().toString().toLowerCase(Locale.ROOT);
        }
    }
}
