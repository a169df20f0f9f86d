package slugbuilder.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process's stderr is a terminal, where progress and the build's output go. Java
 * only tells whether stdin and stdout are one ({@link System#console()}), which holds for
 * {@code slugbuilder start 2>log} too; on Linux the descriptor's link names the device.
 */
public final class StandardError {
    private StandardError() {}

    public static boolean isTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null; // no /proc to ask: stdin and stdout being one is the best guess
        }
    }
}
