package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.support.Engine;

/**
 * start --watch's dyno command ({@link Dyno#restartable}) on the real engine, as the dyno's
 * non-root user: SIGHUP restarts the process in the same container, the mark comes only once
 * the old process has gone, .profile.d is sourced afresh each time, a process that ignores
 * SIGTERM is killed after the grace, and a stop still ends the dyno with the command's code.
 */
class RestartableDynoIT {
    private static final String MARK = "restarted-" + UUID.randomUUID();
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Map<String, String> LABELS =
            Map.of(Labels.TOOL, "true", "slugbuilder.test", "restartable-dyno");
    private static final String IMAGE = "slugbuilder/restartable-dyno-it:1";

    private static ContainerEngine engine;

    @BeforeAll
    static void setUp() {
        engine = Engine.connect();
        engine.images()
                .build(
                        new BuildRequest(
                                BuildContext.ofDockerfile("FROM " + Engine.STACK + "\nUSER root\n"
                                        + "RUN mkdir -p /app/.profile.d && chown -R dyno:dyno /app\nUSER dyno\n"),
                                "Dockerfile",
                                List.of(IMAGE),
                                Map.of(),
                                LABELS),
                        line -> {});
    }

    @AfterEach
    void removeContainers() {
        engine.containers().list(LABELS).forEach(engine.containers()::remove);
    }

    @AfterAll
    static void tearDown() {
        engine.images().remove(IMAGE);
        engine.close();
    }

    private static String run(String command) throws IOException, InterruptedException {
        String id = engine.containers()
                .create(ContainerSpec.oneOff(IMAGE, Dyno.restartable(command, MARK, GRACE), List.of(), LABELS)
                        .withRole("the restartable dyno"));
        // each generation appends to GENERATIONS: from a fresh environment, it is always one "x"
        engine.containers()
                .writeArchive(id, "/app", tar(".profile.d/generation.sh", "export GENERATIONS=\"${GENERATIONS}x\"\n"));
        engine.containers().start(id);
        awaitLines(id, 1);
        return id;
    }

    private static ByteArrayInputStream tar(String name, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** The container's lines once there are COUNT of them. */
    private static List<String> awaitLines(String id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = engine.containers().logs(id);
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "fewer than " + count + " lines: " + engine.containers().logs(id));
    }

    // each command sends its stderr away: bash's notice of its killed sleep would go there, and the
    // engine does not keep the order of stderr against stdout, where the mark is

    @Test
    void aHangupRestartsTheProcessInTheSameContainerAndTheMarkFollowsTheOldProcessEnd() throws Exception {
        String id = run(
                "exec 2>/dev/null; trap 'echo term; exit 0' TERM; echo \"up $GENERATIONS\"; while :; do sleep 0.05; done");

        engine.containers().signal(id, "HUP");
        assertEquals(List.of("up x", "term", MARK, "up x"), awaitLines(id, 4));
        engine.containers().signal(id, "HUP");
        assertEquals(List.of("up x", "term", MARK, "up x", "term", MARK, "up x"), awaitLines(id, 7));
        assertTrue(engine.containers().isRunning(id));

        engine.containers().signal(id, "TERM"); // a stop, as the engine's sends it
        assertEquals(0, engine.containers().waitFor(id), "the command's own code");
        assertEquals(
                List.of("up x", "term", MARK, "up x", "term", MARK, "up x", "term"),
                engine.containers().logs(id));
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGraceAndThenRestarted() throws Exception {
        String id = run("exec 2>/dev/null; trap '' TERM; echo stubborn; while :; do sleep 0.05; done");

        long hangup = System.nanoTime();
        engine.containers().signal(id, "HUP");
        assertEquals(List.of("stubborn", MARK), awaitLines(id, 2).subList(0, 2));
        Duration took = Duration.ofNanos(System.nanoTime() - hangup);
        assertEquals(List.of("stubborn", MARK, "stubborn"), awaitLines(id, 3));
        assertTrue(took.compareTo(GRACE) >= 0, "SIGKILL waits for the grace: " + took);
        assertTrue(took.compareTo(GRACE.plusSeconds(5)) < 0, "and comes soon after it: " + took);
    }

    @Test
    void aProcessThatEndsByItselfEndsTheDynoWithItsCode() throws Exception {
        String id = run("echo \"done $GENERATIONS\"; exit 3");

        assertEquals(3, engine.containers().waitFor(id));
        assertEquals(List.of("done x"), engine.containers().logs(id));
    }
}
