package slugbuilder.app;

/** Linux's limits on what one process can be started with, checked where the app's files are read. */
public final class ExecLimits {
    /**
     * The most bytes one argument or environment string can have: execve refuses a longer one
     * (MAX_ARG_STRLEN, 32 pages, including the NUL), so the container could not even start.
     */
    public static final int MAX_STRING_BYTES = 32 * 4096 - 1;

    /**
     * The most bytes of arguments and environment one process can be started with: execve refuses
     * more (E2BIG) than a quarter of the stack limit, 2 MiB with Linux's usual 8 MiB (what a
     * container inherits from dockerd). Each string counts with its NUL and an 8-byte pointer.
     * Measured on the engine: 2,096,640 bytes of variables start, 2,106,720 end at once in
     * "exec /sbin/docker-init: argument list too long".
     */
    public static final long MAX_ARGS_AND_ENV_BYTES = 2L * 1024 * 1024;

    /** What execve counts for one environment or argument string: its bytes, its NUL and its pointer. */
    public static long execCost(String entry) {
        return utf8Length(entry) + 1 + 8;
    }

    private ExecLimits() {}

    /** The length of TEXT in UTF-8, counted without encoding it (a lone surrogate counts 3 bytes). */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && k + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(k + 1))) {
                bytes += 4;
                k++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
