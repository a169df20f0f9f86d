package slugbuilder.engine;

import java.util.List;

/**
 * The engine's storage and memory accounting, from its info endpoint.
 *
 * @param storageDriver e.g. "overlay2"
 * @param driverStatus  the driver's status pairs, e.g. ["driver-type", "io.containerd.snapshotter.v1"]
 * @param swapLimit     whether the engine can limit a container's swap (a kernel without swap
 *                      accounting ignores MemorySwap, with a warning)
 */
public record EngineInfo(String storageDriver, List<List<String>> driverStatus, boolean swapLimit) {
    /** How an engine with the containerd image store reports its snapshotter. */
    static final String CONTAINERD_SNAPSHOTTER = "io.containerd.snapshotter.v1";

    public EngineInfo {
        storageDriver = storageDriver == null ? "" : storageDriver;
        driverStatus = driverStatus == null
                ? List.of()
                : driverStatus.stream().map(List::copyOf).toList();
    }

    /**
     * Whether the engine keeps images in containerd's store: its pushes send OCI indexes and
     * attestations, which Heroku's registry refuses after the upload.
     */
    public boolean containerdImageStore() {
        return driverStatus.stream()
                .anyMatch(pair -> pair.size() >= 2
                        && "driver-type".equals(pair.get(0))
                        && pair.get(1).startsWith(CONTAINERD_SNAPSHOTTER));
    }
}
