package slugbuilder.engine.docker;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.EngineInfo;
import slugbuilder.engine.ImageDetails;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.PushEvent;
import slugbuilder.engine.RegistryAuth;
import slugbuilder.engine.RunResult;

/**
 * The one place engine failures are translated: each call of the wrapped engine says what
 * slugbuilder was doing ("create the web.1 container"), and {@link EngineErrors} words its
 * failure. Containers are named in messages by the role their spec gave them.
 */
final class TranslatingEngine implements ContainerEngine {
    private static final Pattern STEP = Pattern.compile("^Step \\d+/\\d+ : (\\S+)\\s*(.*)$");

    private final ContainerEngine engine;
    private final EngineErrors errors;
    private final Map<String, String> roles = new ConcurrentHashMap<>();

    TranslatingEngine(ContainerEngine engine, EngineErrors errors) {
        this.engine = engine;
        this.errors = errors;
    }

    @Override
    public String describe() {
        return engine.describe();
    }

    @Override
    public Optional<String> imageId(String reference) {
        return call("look up the image " + reference, () -> engine.imageId(reference));
    }

    @Override
    public String importImage(InputStream rootfsTar, String repository, String tag) {
        return call("import the image " + repository + ":" + tag, () -> engine.importImage(rootfsTar, repository, tag));
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) {
        AtomicReference<String> fromInHand = new AtomicReference<>();
        try {
            return engine.build(request, line -> {
                Matcher step = STEP.matcher(line);
                if (step.find()) {
                    fromInHand.set(
                            step.group(1).toUpperCase(Locale.ROOT).equals("FROM") ? fromImage(step.group(2)) : null);
                }
                output.accept(line);
            });
        } catch (RuntimeException e) {
            throw errors.translate(
                    "build " + request.purpose(),
                    e,
                    new EngineErrors.BuildSite(request.dockerfile(), fromInHand.get()));
        }
    }

    /** The image of "FROM [--platform=...] IMAGE [AS name]". */
    private static String fromImage(String arguments) {
        for (String word : arguments.split("\\s+")) {
            if (!word.startsWith("--") && !word.isEmpty()) {
                return word;
            }
        }
        return null;
    }

    @Override
    public String create(ContainerSpec spec) {
        String id = call("create " + spec.role(), () -> engine.create(spec));
        roles.put(id, spec.role());
        return id;
    }

    @Override
    public void start(String containerId) {
        run("start " + role(containerId), () -> engine.start(containerId));
    }

    @Override
    public Attachment attach(String containerId, InputStream in, OutputStream out, OutputStream err) {
        Attachment attached = call("attach to " + role(containerId), () -> engine.attach(containerId, in, out, err));
        return new Attachment() {
            @Override
            public void awaitEnd(Duration timeout) {
                run("read the output of " + role(containerId), () -> attached.awaitEnd(timeout));
            }

            @Override
            public void close() {
                attached.close();
            }
        };
    }

    @Override
    public int waitFor(String containerId) {
        return call("wait for " + role(containerId), () -> engine.waitFor(containerId));
    }

    @Override
    public boolean isRunning(String containerId) {
        return call("inspect " + role(containerId), () -> engine.isRunning(containerId));
    }

    @Override
    public List<String> logs(String containerId) {
        return call("read the output of " + role(containerId), () -> engine.logs(containerId));
    }

    @Override
    public void followLogs(String containerId, Consumer<String> lines) {
        run("follow the output of " + role(containerId), () -> engine.followLogs(containerId, lines));
    }

    @Override
    public Optional<InputStream> readArchive(String containerId, String path) {
        return call("read " + path + " from " + role(containerId), () -> engine.readArchive(containerId, path));
    }

    @Override
    public void writeArchive(String containerId, String path, InputStream tar) {
        run("copy files into " + role(containerId) + " at " + path, () -> engine.writeArchive(containerId, path, tar));
    }

    @Override
    public void stopAndRemove(String containerId, Duration grace) {
        String role = role(containerId);
        try {
            engine.stopAndRemove(containerId, grace);
            roles.remove(containerId);
        } catch (RuntimeException e) {
            throw errors.translateCleanup("stop and remove " + role, e);
        }
    }

    @Override
    public void remove(String containerId) {
        String role = role(containerId);
        try {
            engine.remove(containerId);
            roles.remove(containerId);
        } catch (RuntimeException e) {
            throw errors.translateCleanup("remove " + role, e);
        }
    }

    @Override
    public List<String> containers(Map<String, String> labels) {
        try {
            return engine.containers(labels);
        } catch (RuntimeException e) {
            throw errors.translateCleanup("list the containers slugbuilder made", e);
        }
    }

    @Override
    public List<String> images(Map<String, String> labels) {
        return call("list the images slugbuilder made", () -> engine.images(labels));
    }

    @Override
    public ImageInfo inspect(String reference) {
        return call("inspect the image " + reference, () -> engine.inspect(reference));
    }

    @Override
    public boolean removeImage(String reference) {
        try {
            return engine.removeImage(reference);
        } catch (RuntimeException e) {
            throw errors.translateCleanup("remove the image " + reference, e);
        }
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        run("create the network " + name, () -> engine.ensureNetwork(name, labels));
    }

    @Override
    public boolean removeNetwork(String name) {
        try {
            return engine.removeNetwork(name);
        } catch (RuntimeException e) {
            throw errors.translateCleanup("remove the network " + name, e);
        }
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        return call("list the networks slugbuilder made", () -> engine.networks(labels));
    }

    @Override
    public Optional<Map<String, String>> volume(String name) {
        return call("inspect the volume " + name, () -> engine.volume(name));
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        run("create the volume " + name, () -> engine.createVolume(name, labels));
    }

    @Override
    public void removeVolume(String name) {
        run("remove the volume " + name, () -> engine.removeVolume(name));
    }

    @Override
    public List<String> volumes(Map<String, String> labels) {
        return call("list the volumes slugbuilder made", () -> engine.volumes(labels));
    }

    @Override
    public RunResult exec(String containerId, List<String> command) {
        return call("run a command in " + role(containerId), () -> engine.exec(containerId, command));
    }

    @Override
    public void pull(String reference, Consumer<String> output) {
        run("pull the image " + reference, () -> engine.pull(reference, output));
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public EngineInfo info() {
        return call("read the engine's storage settings", engine::info);
    }

    @Override
    public ImageDetails details(String reference) {
        return call("inspect the image " + reference, () -> engine.details(reference));
    }

    @Override
    public void tag(String reference, String repository, String tag) {
        run(
                "tag the image " + reference + " as " + repository + ":" + tag,
                () -> engine.tag(reference, repository, tag));
    }

    @Override
    public void push(String image, RegistryAuth auth, Consumer<PushEvent> progress) {
        run("push " + image, () -> engine.push(image, auth, progress));
    }

    /** The role a container was created for, or its short id when another command created it. */
    private String role(String containerId) {
        String role = roles.get(containerId);
        return role != null ? role : "the container " + containerId.substring(0, Math.min(12, containerId.length()));
    }

    private <T> T call(String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    private void run(String action, Runnable body) {
        call(action, () -> {
            body.run();
            return null;
        });
    }
}
