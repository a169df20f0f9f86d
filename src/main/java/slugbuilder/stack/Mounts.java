package slugbuilder.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** File systems mounted inside a directory (debootstrap mounts /proc and /sys in its target). */
final class Mounts {
    private Mounts() {}

    /** Lazily unmounts, deepest first, every mount point at or below DIR; best effort. */
    static void unmountBelow(Path dir) {
        List<String> points = new ArrayList<>();
        String prefix = dir.toAbsolutePath().normalize() + "/";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                // /proc/self/mounts escapes spaces in paths as \040
                String point = fields.length > 1 ? fields[1].replace("\\040", " ") : "";
                if (point.startsWith(prefix)) {
                    points.add(point);
                }
            }
        } catch (IOException e) {
            return;
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : points) {
            try {
                new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor();
            } catch (IOException e) {
                // nothing more to try; deleting will report what stays
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
