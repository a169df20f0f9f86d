package slugbuilder.slug;

/**
 * What {@link SlugPacker} wrote.
 *
 * @param sha256            lower-case hex SHA-256 of the compressed slug (the bytes written)
 * @param compressedBytes   size of the slug (.tgz) in bytes: what the Platform API's limits measure
 * @param uncompressedBytes size of the tar inside the gzip (headers and padding included)
 * @param entries           tar entries written
 * @param skipped           entries left out because a slug cannot carry them (FIFOs, devices), each warned about
 * @param excluded          entries left out by {@code .slugignore} or the {@code .git} rule (below an excluded
 *                          directory too)
 */
public record SlugSummary(
        String sha256, long compressedBytes, long uncompressedBytes, int entries, int skipped, int excluded) {}
