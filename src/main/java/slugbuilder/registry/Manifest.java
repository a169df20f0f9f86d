package slugbuilder.registry;

/**
 * What a registry holds for one process type's image: a Docker V2 schema 2 manifest.
 *
 * @param digest       the manifest's own digest (Docker-Content-Digest), or "" when not given
 * @param configDigest the image id: the digest of the image's config, which a release names
 * @param layers       how many layers it has
 * @param size         the compressed bytes of its config and layers
 */
public record Manifest(String digest, String configDigest, int layers, long size) {
    public static final String SCHEMA2 = "application/vnd.docker.distribution.manifest.v2+json";
}
