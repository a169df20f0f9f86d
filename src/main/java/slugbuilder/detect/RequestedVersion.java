package slugbuilder.detect;

/**
 * A version as the app wrote it, and where: for error messages that name the file and line.
 *
 * @param line 1-based line in {@code file}, or 0 when unknown
 */
record RequestedVersion(String value, String file, int line, String label) {

    String where() {
        return line > 0 ? file + ":" + line : file;
    }
}
