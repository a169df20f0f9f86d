package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.PushEvent;

class PushProgressTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final PushProgress progress = new PushProgress(lines::add, now::get);

    @Test
    void aLargeLayerGetsALineEveryIntervalNotOnePerMessage() {
        long total = 100_000_000;
        progress.accept(new PushEvent("aaa", "Preparing", 0, 0));
        for (int i = 1; i <= 100; i++) {
            now.addAndGet(100_000_000L); // a message every 0.1 s for 10 s
            progress.accept(new PushEvent("aaa", "Pushing", i * 1_000_000L, total));
        }
        progress.accept(new PushEvent("aaa", "Pushed", 0, 0));
        progress.accept(new PushEvent("aaa", "Pushed", 0, 0));
        assertEquals(6, lines.size(), lines.toString());
        assertEquals("layer aaa: 1.0 MB of 100.0 MB", lines.get(0));
        assertEquals("layer aaa: pushed (100 MB)", lines.get(5));
        assertEquals(1, progress.pushedLayers());
        assertEquals(total, progress.pushedBytes());
    }

    @Test
    void smallLayersAndLayersTheRegistryHasShowOnlyHowTheyEnded() {
        progress.accept(new PushEvent("", "The push refers to repository [127.0.0.1:5055/app/web]", 0, 0));
        progress.accept(new PushEvent("bbb", "Preparing", 0, 0));
        progress.accept(new PushEvent("bbb", "Waiting", 0, 0));
        progress.accept(new PushEvent("bbb", "Pushing", 500, 2000));
        progress.accept(new PushEvent("bbb", "Pushed", 0, 0));
        progress.accept(new PushEvent("ccc", "Layer already exists", 0, 0));
        progress.accept(new PushEvent("ddd", "Mounted from other/web", 0, 0));
        progress.accept(new PushEvent("", "latest: digest: sha256:0123 size: 1234", 0, 0));
        assertEquals(
                List.of(
                        "layer bbb: pushed (2 kB)",
                        "layer ccc: already in the registry",
                        "layer ddd: already in the registry"),
                lines);
        assertEquals(2, progress.existingLayers());
    }

    @Test
    void theEnginesRetryCountdownsForEveryLayerBecomeOneLinePerAttempt() {
        for (int delay : new int[] {5, 10}) {
            for (int left = delay; left >= 1; left--) {
                for (String layer : new String[] {"aaa", "bbb", "ccc"}) {
                    progress.accept(
                            new PushEvent(layer, "Retrying in " + left + (left == 1 ? " second" : " seconds"), 0, 0));
                }
            }
        }
        assertEquals(
                List.of(
                        "the upload failed; the engine tries again in 5 s",
                        "the upload failed; the engine tries again in 10 s"),
                lines);
    }
}
