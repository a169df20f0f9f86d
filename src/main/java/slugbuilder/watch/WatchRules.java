package slugbuilder.watch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@code start --watch} does with each kind of changed file, as data ({@code platforms/watch.json}).
 *
 * @param config           files whose change recreates the processes with the new config (.env, Procfile, app.json)
 * @param fullRebuild      files whose change rebuilds the base image too (the Dockerfile)
 * @param imageRebuild     files whose change rebuilds the app image (.dockerignore, .profile.d)
 * @param sourcesNeedBuild platforms (by name) whose sources are compiled by the build: a source change rebuilds
 * @param editorFiles      an editor's own files (swap, lock, backup): never a change
 */
public record WatchRules(
        String comment,
        List<String> config,
        List<String> fullRebuild,
        List<String> imageRebuild,
        List<String> sourcesNeedBuild,
        List<String> editorFiles) {
    static final String RESOURCE = "platforms/watch.json";

    public WatchRules {
        config = List.copyOf(config);
        fullRebuild = List.copyOf(fullRebuild);
        imageRebuild = List.copyOf(imageRebuild);
        sourcesNeedBuild = List.copyOf(sourcesNeedBuild);
        editorFiles = List.copyOf(editorFiles);
    }

    /** The rules shipped in the jar. */
    public static WatchRules builtIn() {
        try (InputStream in = WatchRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " in the slugbuilder jar");
            }
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, WatchRules.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
