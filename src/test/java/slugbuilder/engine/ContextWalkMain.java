package slugbuilder.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.dockerignore.DockerIgnore;

/**
 * Makes the build context of the app in args[0] as {@code start} does (its .dockerignore
 * applied) and writes it nowhere; prints "sent N entries" or the error line and exits with the
 * error's code. {@link DirectoryContextPermissionsTest} runs it as an unprivileged user.
 */
public final class ContextWalkMain {
    private ContextWalkMain() {}

    public static void main(String[] args) throws IOException {
        try {
            Path app = Path.of(args[0]);
            DockerIgnore ignore = DockerIgnore.read(AppDir.open(app));
            DirectoryContext context = new DirectoryContext(app, Map.of(), ignore::excludes, ignore::mustWalk);
            context.writeTo(OutputStream.nullOutputStream());
            System.out.println("sent");
        } catch (SlugbuilderException e) {
            System.out.println("error: " + e.getMessage());
            System.exit(e.exitCode().code);
        }
    }
}
