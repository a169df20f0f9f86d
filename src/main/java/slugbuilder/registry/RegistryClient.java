package slugbuilder.registry;

/**
 * The registry, read back after a push (and by container release). An edge: the HTTP client
 * behind it is {@link OkHttpRegistryClient}; tests may put anything behind this.
 */
public interface RegistryClient {
    /**
     * The V2 schema 2 manifest of APP/TYPE:latest.
     *
     * @throws slugbuilder.SlugbuilderException PLATFORM_API when it is missing, refused, or of
     *     another kind (OCI, a manifest list), which Heroku would refuse
     */
    Manifest manifest(String app, String type);

    /** The image id of APP/TYPE:latest ("sha256:..."): its manifest's config digest, not the manifest's digest. */
    default String imageId(String app, String type) {
        return manifest(app, type).configDigest();
    }
}
