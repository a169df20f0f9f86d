package slugbuilder.release;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Dockerfile's stack image says about the slug: the Platform API's stack name
 * ({@code heroku/heroku:24-build} builds for {@code heroku-24}) and the image a dyno would boot
 * it on (the build image's run twin, without {@code -build}, as Heroku pairs them).
 */
public final class StackImages {
    private static final Pattern HEROKU = Pattern.compile("^(?:docker\\.io/)?heroku/heroku:(\\d+)(?:-build)?(?:@.*)?$");

    private StackImages() {}

    /** {@code heroku-NN} for Heroku's stack images; empty for any other (the API then picks the app's stack). */
    public static Optional<String> herokuName(String image) {
        Matcher match = HEROKU.matcher(image);
        return match.matches() ? Optional.of("heroku-" + match.group(1)) : Optional.empty();
    }

    /** The run image of a build image: its tag without {@code -build}; other images as they are. */
    public static String runImage(String image) {
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/') && image.endsWith("-build")) {
            return image.substring(0, image.length() - "-build".length());
        }
        return image;
    }
}
