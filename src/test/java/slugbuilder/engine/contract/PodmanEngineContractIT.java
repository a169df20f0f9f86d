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
}
