package slugbuilder.core;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Puts the user's terminal in raw mode while a container has it (keys go to the container
 * unprocessed, Ctrl-C included), and restores it afterwards, also on failure.
 */
public final class TerminalMode implements AutoCloseable {
    private final String saved;

    private TerminalMode(String saved) {
        this.saved = saved;
    }

    public static TerminalMode unchanged() {
        return new TerminalMode(null);
    }

    public static TerminalMode raw() {
        String saved = stty("-g");
        if (saved != null) {
            stty("raw", "-echo");
        }
        return new TerminalMode(saved);
    }

    /**
     * The user's terminal size as "ROWS COLUMNS", if there is a terminal. The engine gives a
     * container's terminal no size (0x0) until told: psql then pages every result.
     */
    static Optional<String[]> size() {
        String size = stty("size");
        if (size == null || !size.matches("[1-9][0-9]* [1-9][0-9]*")) {
            return Optional.empty();
        }
        return Optional.of(size.split(" "));
    }

    @Override
    public void close() {
        if (saved != null) {
            stty(saved);
        }
    }

    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/tty"))
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
