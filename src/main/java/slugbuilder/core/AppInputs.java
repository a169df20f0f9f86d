package slugbuilder.core;

import slugbuilder.app.AppDir;
import slugbuilder.app.AppDockerfile;
import slugbuilder.dockerignore.DockerIgnore;

/**
 * What the app's images are built from, read once when a command starts and handed down, so
 * every step sees the same files (an editor's save between two reads cannot split a build) and
 * a bad one fails before the engine is contacted.
 *
 * @param dockerfile       the Dockerfile and the stack it builds FROM
 * @param dockerignoreText the {@code .dockerignore} as written ("" when there is none): the start
 *                         build sends it on with its own lines added
 * @param dockerignore     the same, parsed with the Docker CLI's semantics
 */
public record AppInputs(AppDir app, AppDockerfile dockerfile, String dockerignoreText, DockerIgnore dockerignore) {
    /** Reads APP's Dockerfile and .dockerignore; a missing Dockerfile or a malformed pattern fails naming its file. */
    public static AppInputs read(AppDir app) {
        AppDockerfile dockerfile = AppDockerfile.read(app);
        String text = app.readText(DockerIgnore.NAME).orElse("");
        return new AppInputs(app, dockerfile, text, DockerIgnore.parse(text));
    }
}
