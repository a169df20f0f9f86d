package slugbuilder.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches an app directory and everything below it with the JDK's {@link WatchService} (inotify
 * on Linux: no polling, no library). A WatchService watches one directory per registration, so
 * each directory is registered, and one created later is registered when it appears, with the
 * files already in it reported (they may have been written before the registration).
 */
public final class DirectoryWatcher implements AutoCloseable {
    /** Reported when the system dropped events (too many at once): anything may have changed. */
    public static final String EVERYTHING = ".";

    private final Path root;
    private final WatchService service;
    private final Predicate<String> watches;
    private final Consumer<String> changes;
    private final Map<WatchKey, Path> directories = new ConcurrentHashMap<>();
    private final Thread thread;

    private DirectoryWatcher(Path root, Predicate<String> watches, Consumer<String> changes) throws IOException {
        this.root = root;
        this.service = root.getFileSystem().newWatchService();
        this.watches = watches;
        this.changes = changes;
        this.thread = new Thread(this::run, "slugbuilder-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Watches ROOT; WATCHES says whether to look into a directory (by its path relative to ROOT),
     * CHANGES gets each created, changed or deleted path relative to ROOT, on the watcher's thread.
     */
    public static DirectoryWatcher start(Path root, Predicate<String> watches, Consumer<String> changes) {
        try {
            DirectoryWatcher watcher = new DirectoryWatcher(root, watches, changes);
            watcher.register(root, false);
            watcher.thread.start();
            return watcher;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
    }

    private void register(Path start, boolean announceFiles) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && !watches.test(relative(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                WatchKey key = dir.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                directories.put(key, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (announceFiles) {
                    changes.accept(relative(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone again, or unreadable: nothing to watch there
            }
        });
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            Path dir = directories.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                    changes.accept(EVERYTHING);
                    continue;
                }
                Path path = dir.resolve((Path) event.context());
                String relative = relative(path);
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (watches.test(relative)) {
                        try {
                            register(path, true);
                        } catch (IOException | ClosedWatchServiceException e) {
                            changes.accept(EVERYTHING);
                        }
                    }
                    continue;
                }
                changes.accept(relative);
            }
            if (!key.reset()) {
                directories.remove(key);
            }
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** Stops watching; the watcher's thread has ended when this returns. */
    @Override
    public void close() {
        try {
            service.close();
            thread.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
