package slugbuilder.engine.docker;

import static slugbuilder.engine.docker.EngineHttp.pathOf;
import static slugbuilder.engine.docker.EngineHttp.query;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.Images;
import slugbuilder.engine.Labels;
import slugbuilder.engine.PullFailedException;
import slugbuilder.engine.docker.EngineHttp.Action;

/** The engine's images: look-ups, inspections, imports, listings, removal, tags and pulls. */
final class DockerImages implements Images {
    private final EngineHttp http;
    private final DockerBuild builds;

    DockerImages(EngineHttp http, DockerBuild builds) {
        this.http = http;
        this.builds = builds;
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) {
        return builds.build(request, output);
    }

    @Override
    public Optional<String> imageId(String reference) {
        return http.callIfPresent(Action.of("look up the image " + reference), "GET", inspection(reference))
                .map(json -> EngineJson.field(json, "Id"));
    }

    @Override
    public ImageInfo inspect(String reference) {
        ImageInfo info =
                imageInfo(http.call(Action.of("inspect the image " + reference), "GET", inspection(reference), null));
        if (http.podman() && info.onBuild().isEmpty()) {
            // Podman 4.3's inspection leaves ONBUILD out; its history keeps each one as a step
            byte[] history = http.call(
                    Action.of("read the history of the image " + reference),
                    "GET",
                    "/images/" + pathOf(reference) + "/history",
                    null);
            info = info.withOnBuild(onBuildInHistory(history));
        }
        return info;
    }

    /**
     * The ONBUILD instructions an image's history (newest step first) ends with, oldest first. The
     * walk stops at the first step that made a layer (a RUN, COPY or ADD): ONBUILD steps before it
     * were a parent's, whose build fired them.
     */
    static List<String> onBuildInHistory(byte[] json) {
        List<String> triggers = new ArrayList<>();
        for (Map<String, Object> step : EngineJson.objects(json)) {
            String createdBy = Objects.requireNonNullElse(EngineJson.stringAt(step, "CreatedBy"), "");
            int nop = createdBy.indexOf(NO_LAYER);
            String instruction =
                    nop < 0 ? "" : createdBy.substring(nop + NO_LAYER.length()).strip();
            if (instruction.regionMatches(true, 0, "ONBUILD ", 0, "ONBUILD ".length())) {
                triggers.add(0, instruction.substring("ONBUILD ".length()).strip());
            } else if (nop < 0 || LAYER_STEP.matcher(instruction).lookingAt()) {
                break;
            }
        }
        return triggers;
    }

    /** How a builder marks a step that changed only the image's configuration (a COPY too, though). */
    private static final String NO_LAYER = "#(nop) ";

    private static final Pattern LAYER_STEP = Pattern.compile("(?i)(COPY|ADD)\\b");

    private static String inspection(String reference) {
        return "/images/" + pathOf(reference) + "/json";
    }

    /** What slugbuilder reads of an image's inspection (the engine's JSON): one record for every use. */
    static ImageInfo imageInfo(byte[] json) {
        Map<String, Object> image = EngineJson.tree(json);
        Map<String, Object> config = EngineJson.objectAt(image, "Config");
        List<String> test = EngineJson.stringsAt(EngineJson.objectAt(config, "Healthcheck"), "Test");
        Map<String, String> labels = new HashMap<>();
        EngineJson.objectAt(config, "Labels").forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return new ImageInfo(
                EngineJson.stringAt(image, "Id"),
                EngineJson.stringAt(config, "User"),
                EngineJson.stringsAt(config, "OnBuild"),
                labels,
                EngineJson.stringsAt(config, "Cmd"),
                EngineJson.stringsAt(config, "Entrypoint"),
                List.copyOf(EngineJson.objectAt(config, "ExposedPorts").keySet()),
                List.copyOf(EngineJson.objectAt(config, "Volumes").keySet()),
                // ["NONE"] is HEALTHCHECK NONE: the base image's check switched off
                !test.isEmpty() && !test.equals(List.of("NONE")),
                EngineJson.stringAt(image, "Os"),
                EngineJson.stringAt(image, "Architecture"),
                image.get("Size") instanceof Number size ? size.longValue() : 0,
                EngineJson.stringsAt(EngineJson.objectAt(image, "RootFS"), "Layers"));
    }

    /**
     * Imports a root filesystem's tar as REPOSITORY:TAG, labelled like everything slugbuilder
     * makes, so clean can find it if anything goes wrong.
     */
    @Override
    public String importImage(InputStream rootfsTar, String repository, String tag) {
        Action action = Action.of("import the image " + repository + ":" + tag);
        // Podman 4.3 drops the tag parameter and reads one LABEL change as a single label: it
        // gets the tag in repo, and one change per label (as the Docker CLI sends each --change)
        String path = http.podman()
                ? "/images/create?fromSrc=-&repo=" + query(repository + ":" + tag) + "&changes="
                        + query("LABEL " + Labels.TOOL + "=true") + "&changes="
                        + query("LABEL " + Labels.KIND + "=stack")
                : "/images/create?fromSrc=-&repo=" + query(repository) + "&tag=" + query(tag) + "&changes="
                        + query("LABEL " + Labels.TOOL + "=true " + Labels.KIND + "=stack");
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method("POST")
                .path(path)
                .putHeader("Content-Type", "application/x-tar")
                .body(rootfsTar)
                .build();
        followMessages(action, request, message -> {});
        return imageId(repository + ":" + tag)
                .orElseThrow(() -> new SlugbuilderException(
                        ExitCode.ENGINE,
                        "the engine accepted the import of " + repository + ":" + tag + " but has no such image"));
    }

    /**
     * References (repo:tag, or ids when untagged) of the images carrying all of LABELS. Podman 4
     * answers no image to a filter of two labels, so it is sent the first; the labels are checked
     * here on every engine.
     */
    @Override
    public List<String> list(Map<String, String> labels) {
        Map<String, String> filter = http.podman() && labels.size() > 1 ? firstOf(labels) : labels;
        byte[] reply = http.call(
                Action.of("list the images slugbuilder made"),
                "GET",
                "/images/json?filters=" + query(EngineJson.labelFilter(filter)),
                null);
        List<String> refs = new ArrayList<>();
        for (Map<String, Object> image : EngineJson.objects(reply)) {
            if (!EngineJson.carries(image, labels)) {
                continue;
            }
            List<String> tags = EngineJson.stringsAt(image, "RepoTags");
            boolean tagged = !tags.isEmpty() && !"<none>:<none>".equals(tags.get(0));
            if (tagged) {
                tags.forEach(tag -> refs.add(familiar(tag)));
            } else {
                refs.add(EngineJson.stringAt(image, "Id"));
            }
        }
        return refs;
    }

    private static Map<String, String> firstOf(Map<String, String> labels) {
        Map.Entry<String, String> first = new TreeMap<>(labels).firstEntry();
        return Map.of(first.getKey(), first.getValue());
    }

    /**
     * A tag as the Docker CLI shows it: Podman names an image fully ("docker.io/slugbuilder/x:1",
     * "localhost/x:1" for one loaded or built under a name without a registry), Docker by its
     * familiar name; either engine finds the image by the familiar one.
     */
    String familiar(String tag) {
        if (tag.startsWith("docker.io/library/") && tag.indexOf('/', "docker.io/library/".length()) < 0) {
            return tag.substring("docker.io/library/".length());
        }
        if (tag.startsWith("docker.io/")) {
            return tag.substring("docker.io/".length());
        }
        return http.podman() && tag.startsWith("localhost/") ? tag.substring("localhost/".length()) : tag;
    }

    /** False when the image stays because another image stands on it or a container uses it. */
    @Override
    public boolean remove(String reference) {
        EngineHttp.Reply reply = http.send(
                Action.cleanup("remove the image " + reference),
                EngineHttp.request("DELETE", "/images/" + pathOf(reference) + "?force=true", null));
        if (reply.status() == 409) {
            return false;
        }
        if (!reply.ok() && reply.status() != 404) {
            throw http.failed(Action.cleanup("remove the image " + reference), reply.refusal());
        }
        return true;
    }

    @Override
    public void tag(String reference, String repository, String tag) {
        http.call(
                Action.of("tag the image " + reference + " as " + repository + ":" + tag),
                "POST",
                "/images/" + pathOf(reference) + "/tag?repo=" + query(repository) + "&tag=" + query(tag),
                null);
    }

    /** Pulls REFERENCE; each status line goes to OUTPUT. */
    @Override
    public void pull(String reference, Consumer<String> output) {
        int colon = reference.lastIndexOf(':');
        boolean tagged = colon > reference.lastIndexOf('/') && !reference.contains("@");
        String path = "/images/create?fromImage=" + query(tagged ? reference.substring(0, colon) : reference)
                + (tagged
                        ? "&tag=" + query(reference.substring(colon + 1))
                        : reference.contains("@") ? "" : "&tag=latest");
        try {
            followMessages(
                    Action.of("pull the image " + reference), EngineHttp.request("POST", path, null), message -> {
                        if (message.status() != null && !message.progress()) {
                            output.accept((message.id() == null ? "" : message.id() + ": ") + message.status());
                        }
                    });
        } catch (SlugbuilderException e) {
            if (e.getCause() instanceof EngineRefusal refused && e.exitCode() != ExitCode.INTERRUPTED) {
                throw new PullFailedException(reference, EngineErrors.engineMessage(refused), e);
            }
            throw e;
        }
    }

    /** Sends REQUEST and reads its messages to the end; an error among them fails ACTION. */
    void followMessages(Action action, DockerHttpClient.Request request, Consumer<EngineMessages.Message> sink) {
        followMessages(action, request, sink, error -> new EngineRefusal(500, error));
    }

    /** The same, with the exception an error among the messages becomes. */
    void followMessages(
            Action action,
            DockerHttpClient.Request request,
            Consumer<EngineMessages.Message> sink,
            Function<String, RuntimeException> streamedError) {
        String error;
        try (DockerHttpClient.Response response = http.open(action, request);
                InputStream body = response.getBody()) {
            error = EngineMessages.readUntilEnd(body, sink);
        } catch (IOException e) {
            throw http.failed(action, new UncheckedIOException(e));
        }
        if (error != null) {
            throw http.failed(action, streamedError.apply(error));
        }
    }
}
