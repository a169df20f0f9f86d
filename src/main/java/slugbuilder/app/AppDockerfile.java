package slugbuilder.app;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;

/** The app's Dockerfile, as far as slugbuilder needs to read it: its text and the stack it builds FROM. */
public record AppDockerfile(String text, String stack) {
    private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(?:--\\S+\\s+)*(\\S+)");

    public static AppDockerfile read(AppDir app) {
        String text = app.readText("Dockerfile")
                .orElseThrow(() -> SlugbuilderException.badFile(
                        "Dockerfile", 0, "missing", "run 'slugbuilder init' to write one"));
        List<String> lines = TextLines.of(text);
        for (String line : lines) {
            Matcher from = FROM.matcher(line);
            if (from.find()) {
                return new AppDockerfile(text, from.group(1));
            }
        }
        throw SlugbuilderException.badFile(
                "Dockerfile", 0, "has no FROM line", "run 'slugbuilder init --force' to write a working one");
    }
}
