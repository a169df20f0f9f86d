package slugbuilder.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.ExitState;
import slugbuilder.engine.Labels;

/**
 * What the engine port promises, whoever implements it: run as a unit test on the in-memory fake
 * ({@code FakeEngineContractTest}) and as an IT on the real engine ({@code DockerEngineContractIT}),
 * so the fake the use cases are tested on cannot drift from the engine they run on.
 */
public abstract class ContainerEngineContract {
    protected ContainerEngine engine;
    private final String mark = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> labels = Map.of(Labels.TOOL, "true", "slugbuilder.contract", mark);
    private final String image = "slugbuilder/contract-" + mark + ":1";

    /** The engine under test. */
    protected abstract ContainerEngine connect();

    /** Makes IMAGE, carrying LABELS, that can run {@code sh -c}. */
    protected abstract void givenImage(String image, Map<String, String> labels);

    /** Makes IMAGE, carrying LABELS, with TRIGGERS as its ONBUILD instructions (and a configuration step after them). */
    protected abstract void givenImageWithOnBuild(String image, List<String> triggers, Map<String, String> labels);

    /** Containers of SPEC's image print LINE and end with CODE when they start (the fake's script; the real one runs it). */
    protected abstract void givenCommandPrintsAndExits(ContainerSpec spec, String line, int code);

    /** SPEC's container prints LINE, then is killed for exceeding its memory limit (the fake's script; the real one runs it). */
    protected abstract void givenCommandPrintsAndRunsOutOfMemory(ContainerSpec spec, String line);

    /**
     * SPEC's container prints READY and runs on; SIGHUP makes it print ANSWER and end with CODE (the
     * fake's script; the real one runs it).
     */
    protected abstract void givenCommandAnswersHangup(ContainerSpec spec, String ready, String answer, int code);

    /** Whether the engine tells a memory kill from another SIGKILL (Podman 4.3's compatible API does not). */
    protected boolean reportsMemoryKills() {
        return true;
    }

    @BeforeEach
    void setUp() {
        engine = connect();
        givenImage(image, labels);
    }

    @AfterEach
    void tearDown() {
        try {
            engine.containers().list(labels).forEach(engine.containers()::remove);
            engine.networksAndVolumes().networks(labels).forEach(engine.networksAndVolumes()::removeNetwork);
            engine.networksAndVolumes().volumes(labels).forEach(engine.networksAndVolumes()::removeVolume);
            engine.images().remove(image);
        } finally {
            engine.close();
        }
    }

    @Test
    void anImageIsFoundByReferenceAndByItsLabels() {
        assertTrue(engine.images().imageId(image).isPresent());
        assertEquals(Optional.empty(), engine.images().imageId("slugbuilder/contract-" + mark + ":absent"));
        assertEquals(List.of(image), engine.images().list(labels));
        assertEquals(
                engine.images().imageId(image).orElseThrow(),
                engine.images().inspect(image).id());
        assertEquals(mark, engine.images().inspect(image).labels().get("slugbuilder.contract"));
    }

    @Test
    void anImageKeepsItsOnbuildInstructionsInOrderAndItsChildDoesNot() {
        String parent = "slugbuilder/contract-" + mark + ":onbuild";
        String child = "slugbuilder/contract-" + mark + ":child";
        List<String> triggers =
                List.of("COPY --chown=1000:1000 Procfile* /app/src/", "RUN echo fired", "COPY . /app/src/");
        try {
            givenImageWithOnBuild(parent, triggers, labels);
            assertEquals(triggers, engine.images().inspect(parent).onBuild());
            givenChildOf(parent, child, labels);
            assertEquals(List.of(), engine.images().inspect(child).onBuild(), "the child's build fired them");
        } finally {
            engine.images().remove(child);
            engine.images().remove(parent);
        }
    }

    /** Makes CHILD, carrying LABELS, FROM PARENT (whose ONBUILD steps it fires). */
    protected abstract void givenChildOf(String parent, String child, Map<String, String> labels);

    @Test
    void anAbsentImageIsAnEngineErrorNamingIt() {
        String absent = "slugbuilder/contract-" + mark + ":absent";
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> engine.images().inspect(absent));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(e.getMessage().contains(absent), e.getMessage());
        assertTrue(engine.images().remove(absent), "an absent image is removed already");
    }

    @Test
    void aContainerRunsToItsExitCodeAndItsOutputStays() {
        ContainerSpec spec = ContainerSpec.oneOff(
                        image, List.of("sh", "-c", "echo contract; exit 3"), List.of(), labels)
                .withRole("the contract container");
        givenCommandPrintsAndExits(spec, "contract", 3);
        String id = engine.containers().create(spec);
        assertEquals(List.of(id), engine.containers().list(labels));
        engine.containers().start(id);
        assertEquals(3, engine.containers().waitFor(id));
        assertFalse(engine.containers().isRunning(id));
        assertEquals(Optional.of(new ExitState(3, false)), engine.containers().exitState(id));
        assertEquals(List.of("contract"), engine.containers().logs(id));
        engine.containers().remove(id);
        assertEquals(List.of(), engine.containers().list(labels));
        assertEquals(Optional.empty(), engine.containers().exitState(id));
    }

    @Test
    void aContainerGetsItsMemoryLimitAndIsKilledAboveIt() {
        long limit = 64L * 1024 * 1024;
        // the limit as the container's cgroup shows it (v1, else v2), then a tail holding 200 MB in memory
        ContainerSpec spec = ContainerSpec.oneOff(
                        image,
                        List.of(
                                "sh",
                                "-c",
                                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max;"
                                        + " head -c 200m /dev/zero | tail > /dev/null"),
                        List.of(),
                        labels)
                .withMemory(new ContainerSpec.MemoryLimit(limit, limit))
                .withRole("the contract container");
        givenCommandPrintsAndRunsOutOfMemory(spec, Long.toString(limit));
        String id = engine.containers().create(spec);
        engine.containers().start(id);
        assertEquals(137, engine.containers().waitFor(id));
        assertEquals(
                Optional.of(new ExitState(137, reportsMemoryKills())),
                engine.containers().exitState(id));
        assertEquals(Long.toString(limit), engine.containers().logs(id).get(0)); // then the shell's "Killed"
        engine.containers().remove(id);
    }

    @Test
    void aSignalReachesTheCommandPastTheInitAndAnEndedContainerRefusesOne() throws InterruptedException {
        ContainerSpec spec = ContainerSpec.oneOff(
                        image,
                        List.of("sh", "-c", "trap 'echo hangup; exit 4' HUP; echo ready; while :; do sleep 0.05; done"),
                        List.of(),
                        labels)
                .withRole("the contract container");
        givenCommandAnswersHangup(spec, "ready", "hangup", 4);
        String id = engine.containers().create(spec);
        engine.containers().start(id);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!engine.containers().logs(id).contains("ready") && System.nanoTime() < deadline) {
            Thread.sleep(20); // the trap is set once "ready" is printed
        }
        engine.containers().signal(id, "HUP");
        assertEquals(4, engine.containers().waitFor(id));
        assertEquals(List.of("ready", "hangup"), engine.containers().logs(id));
        SlugbuilderException refused = assertThrows(
                SlugbuilderException.class, () -> engine.containers().signal(id, "HUP"));
        assertEquals(ExitCode.ENGINE, refused.exitCode());
        assertTrue(refused.getMessage().contains("SIGHUP"), refused.getMessage());
        engine.containers().remove(id);
    }

    @Test
    void whatIsAbsentIsNoFailureToRemoveOrAskAbout() {
        String absent = "0123456789ab" + mark;
        engine.containers().remove(absent);
        engine.containers().stopAndRemove(absent, Duration.ofSeconds(1));
        assertFalse(engine.containers().isRunning(absent));
        assertEquals(List.of(), engine.containers().logs(absent));
        assertEquals(List.of(), engine.containers().list(labels));
    }

    @Test
    void aNetworkIsMadeOnceAndRemovedOnce() {
        String network = "slugbuilder-contract-" + mark;
        engine.networksAndVolumes().ensureNetwork(network, labels);
        engine.networksAndVolumes().ensureNetwork(network, labels);
        assertEquals(List.of(network), engine.networksAndVolumes().networks(labels));
        assertTrue(engine.networksAndVolumes().removeNetwork(network));
        assertTrue(engine.networksAndVolumes().removeNetwork(network), "an absent network is removed already");
        assertEquals(List.of(), engine.networksAndVolumes().networks(labels));
    }

    @Test
    void aVolumeKeepsItsLabels() {
        String volume = "slugbuilder-contract-" + mark;
        assertEquals(Optional.empty(), engine.networksAndVolumes().volume(volume));
        Map<String, String> withPassword = new HashMap<>(labels);
        withPassword.put("slugbuilder.password", "not-a-real-one");
        engine.networksAndVolumes().createVolume(volume, withPassword);
        assertEquals(
                Optional.of(Map.copyOf(withPassword)),
                engine.networksAndVolumes().volume(volume));
        assertEquals(List.of(volume), engine.networksAndVolumes().volumes(labels));
        // another app's volume shares a label but not all: never listed as this one's (Podman 4 ORs labels)
        String other = volume + "-other";
        engine.networksAndVolumes().createVolume(other, Map.of(Labels.TOOL, "true", "slugbuilder.contract", "other"));
        try {
            assertEquals(List.of(volume), engine.networksAndVolumes().volumes(labels));
        } finally {
            engine.networksAndVolumes().removeVolume(other);
        }
        engine.networksAndVolumes().removeVolume(volume);
        engine.networksAndVolumes().removeVolume(volume);
        assertEquals(Optional.empty(), engine.networksAndVolumes().volume(volume));
    }
}
