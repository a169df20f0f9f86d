package slugbuilder.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A hash of what decides a stack image's content: its two templates and platforms/stack.json.
 * Stack images carry it as a label, so that a machine that keeps its images (CI reuses its
 * engine) can tell an image built from older templates and build it again. scripts/stack.sh
 * computes the same value with {@code cat FILES... | sha256sum}.
 */
public final class StackHash {
    public static final String LABEL = "slugbuilder.stack-hash";

    /** In this order, as scripts/stack.sh concatenates them. */
    static final List<String> SOURCES = List.of(
            "templates/stack-run.Dockerfile.mustache",
            "templates/stack-build.Dockerfile.mustache",
            "platforms/stack.json");

    private StackHash() {}

    /** The SHA-256 of the sources packed into the jar, in hex. */
    public static String current() {
        return sha256(SOURCES);
    }

    /** The SHA-256 of RESOURCES of the jar, concatenated in order, in hex. */
    static String sha256(List<String> resources) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (String resource : resources) {
            try (InputStream in = StackHash.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource + " in the slugbuilder jar");
                }
                sha256.update(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
