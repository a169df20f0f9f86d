package slugbuilder.init;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference checked as the Docker CLI checks one (the distribution project's reference
 * grammar): {@code [HOST[:PORT]/]PATH[:TAG][@DIGEST]}, so that {@code init} never writes a
 * {@code FROM} line the engine would refuse.
 */
public final class ImageReference {
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final Pattern PATH_COMPONENT =
            Pattern.compile(ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*");
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{64}");
    private static final int MAX_NAME = 255;

    private ImageReference() {}

    /** Why REFERENCE is not a valid image reference, or empty when it is one. */
    public static Optional<String> problem(String reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.of("it is empty");
        }
        String rest = reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return Optional.of("'" + rest.substring(at + 1) + "' is not a digest (ALGORITHM:HEX, e.g. sha256:...)");
            }
            rest = rest.substring(0, at);
        }
        // a colon after the last slash starts the tag; one before it belongs to HOST:PORT
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            String tag = rest.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                return Optional.of(
                        "'" + tag + "' is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)");
            }
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            return Optional.of("it has no image name");
        }
        if (rest.length() > MAX_NAME) {
            return Optional.of("the name is longer than " + MAX_NAME + " characters");
        }
        if (HEX_ID.matcher(rest).matches()) {
            return Optional.of("a 64-character hexadecimal string is an image id, not a name");
        }
        String[] parts = rest.split("/", -1);
        int first = 0;
        // as in the Docker CLI: the first part is a registry only when it looks like a host name
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            if (!DOMAIN.matcher(parts[0]).matches()) {
                return Optional.of("'" + parts[0] + "' is not a registry host ([HOST][:PORT])");
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            String part = parts[i];
            if (!PATH_COMPONENT.matcher(part).matches()) {
                if (!part.isEmpty()
                        && PATH_COMPONENT.matcher(part.toLowerCase(Locale.ROOT)).matches()) {
                    return Optional.of("the repository name must be lowercase ('" + part + "')");
                }
                return Optional.of(
                        part.isEmpty()
                                ? "it has an empty path component"
                                : "'" + part
                                        + "' is not a path component (lowercase letters and digits, separated by . _ __ or -)");
            }
        }
        return Optional.empty();
    }
}
