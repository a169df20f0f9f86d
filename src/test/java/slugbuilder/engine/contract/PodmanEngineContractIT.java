package slugbuilder.engine.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import slugbuilder.engine.ContainerEngine;

/**
 * The port's promises on Podman's Docker-compatible API (the "podman" failsafe execution points
 * DOCKER_HOST at scripts/podman.sh's socket): label filters, volumes' labels, exit codes, logs.
 */
@Tag("podman")
class PodmanEngineContractIT extends DockerEngineContractIT {
    @Override
    protected ContainerEngine connect() {
        ContainerEngine engine = super.connect();
        assertTrue(
                engine.describe().contains("(Podman "),
                "DOCKER_HOST must name Podman's socket (scripts/podman.sh): " + engine.describe());
        return engine;
    }

    /**
     * Podman 4.3's Docker-compatible API inspects a container its memory limit killed with
     * {@code OOMKilled: false}: the kill (137) and the limit are kept, the reason is not. So R15 is
     * not told on Podman (docs/podman.md); this pins that, so a Podman that reports it shows here.
     */
    @Override
    protected boolean reportsMemoryKills() {
        return false;
    }
}
