package slugbuilder.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import slugbuilder.app.AppDir;
import slugbuilder.engine.Labels;

/**
 * How slugbuilder names what it creates for one app directory: images
 * {@code slugbuilder/<dir>-<id>:base-<hash>} and {@code :start}, and the labels that let
 * {@code stop} and {@code clean} find containers and images again.
 */
public record AppIdentity(String id, String repository) {
    public static final String APP_LABEL = "slugbuilder.app";

    /** The id is a hash of the directory's absolute path: two checkouts of one app never collide. */
    public static AppIdentity of(AppDir app) {
        String id = sha256(app.root().toString()).substring(0, 12);
        String name = app.root().getFileName() == null
                ? "app"
                : app.root().getFileName().toString();
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return new AppIdentity(id, "slugbuilder/" + (slug.isEmpty() ? "app" : slug) + "-" + id.substring(0, 6));
    }

    public String startImage() {
        return repository + ":start";
    }

    /** Labels for something of KIND (base, start, web, exec, ...) made for this app. */
    public Map<String, String> labels(String kind) {
        return Map.of(Labels.TOOL, "true", Labels.KIND, kind, APP_LABEL, id);
    }

    public Map<String, String> appFilter() {
        return Map.of(APP_LABEL, id);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
