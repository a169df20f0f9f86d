package slugbuilder.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's user-defined networks and named volumes: what add-on services need. */
public interface NetworksAndVolumes {
    /** Creates the user-defined bridge network NAME with LABELS, unless it exists. */
    void ensureNetwork(String name, Map<String, String> labels);

    /**
     * Removes the network NAME, every copy of it (two commands of an older version could make two);
     * an absent one is fine. Returns false when containers still use it: it stays.
     */
    boolean removeNetwork(String name);

    /** Names of the networks carrying all of LABELS. */
    List<String> networks(Map<String, String> labels);

    /** The labels of the volume NAME; empty when there is no such volume. */
    Optional<Map<String, String>> volume(String name);

    /** Creates the named volume NAME with LABELS. */
    void createVolume(String name, Map<String, String> labels);

    /** Removes a volume; an absent one is fine. */
    void removeVolume(String name);

    /** Names of the volumes carrying all of LABELS. */
    List<String> volumes(Map<String, String> labels);
}
