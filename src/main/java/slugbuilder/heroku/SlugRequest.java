package slugbuilder.heroku;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The body of {@code POST /apps/{app}/slugs}. Only PROCESS_TYPES is required (name to command,
 * kept in the given order); null fields are left out of the JSON.
 */
public record SlugRequest(
        Map<String, String> processTypes,
        String commit,
        String commitDescription,
        String buildpackProvidedDescription,
        String stack) {

    /** The Platform API's rule for a process type name; {@code \w} is ASCII, as in the API. */
    public static final Pattern PROCESS_TYPE_NAME = Pattern.compile("^[-\\w]{1,128}$");

    public SlugRequest {
        Objects.requireNonNull(processTypes, "processTypes");
        Map<String, String> copy = new LinkedHashMap<>();
        processTypes.forEach((name, command) -> copy.put(
                Objects.requireNonNull(name, "process type name"),
                Objects.requireNonNull(command, "command of process type " + name)));
        processTypes = Collections.unmodifiableMap(copy);
    }

    /** A request with only the process types. */
    public static SlugRequest of(Map<String, String> processTypes) {
        return new SlugRequest(processTypes, null, null, null, null);
    }

    /**
     * Throws {@link SlugbuilderException} (BAD_INPUT) naming the first process type whose name the
     * Platform API would refuse. {@link OkHttpPlatformApi#createSlug} calls it before sending; a
     * caller can call it earlier, before building the slug.
     */
    public void checkProcessTypes() {
        for (String name : processTypes.keySet()) {
            if (!PROCESS_TYPE_NAME.matcher(name).matches()) {
                String shown = name.length() > 140 ? name.substring(0, 140) + "..." : name;
                throw new SlugbuilderException(
                        ExitCode.BAD_INPUT,
                        "invalid process type name \"" + shown.replaceAll("\\p{Cntrl}", "?")
                                + "\": Heroku accepts 1 to 128 letters, digits, '_' and '-'",
                        "rename the process type in the Procfile");
            }
        }
    }
}
