package slugbuilder.engine.docker;

import static slugbuilder.engine.docker.EngineHttp.pathOf;
import static slugbuilder.engine.docker.EngineHttp.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import slugbuilder.engine.NetworksAndVolumes;
import slugbuilder.engine.docker.EngineHttp.Action;

/** The engine's user-defined networks and named volumes: what add-on services need. */
final class DockerNetworksAndVolumes implements NetworksAndVolumes {
    private final EngineHttp http;

    DockerNetworksAndVolumes(EngineHttp http) {
        this.http = http;
    }

    /** Creates the bridge network NAME with LABELS, unless it exists. */
    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        if (networkNames("").contains(name)) {
            return;
        }
        Action action = Action.of("create the network " + name);
        EngineHttp.Reply reply =
                http.send(action, EngineHttp.request("POST", "/networks/create", EngineJson.body(out -> {
                    out.writeStringField("Name", name);
                    out.writeStringField("Driver", "bridge");
                    out.writeBooleanField("CheckDuplicate", true);
                    EngineJson.stringMap(out, "Labels", labels);
                })));
        // 409: created meanwhile by another slugbuilder of the same app, the same network
        if (!reply.ok() && reply.status() != 409) {
            throw http.failed(action, reply.refusal());
        }
    }

    /**
     * Removes every network named NAME: two of one name (made at once by two commands of an older
     * version) make the engine refuse the name as ambiguous, so each goes by its id. False when
     * containers still use one ("has active endpoints"): it stays.
     */
    @Override
    public boolean removeNetwork(String name) {
        Action action = Action.cleanup("remove the network " + name);
        List<String> ids = networkIds(name);
        boolean removed = true;
        for (String id : ids.size() > 1 ? ids : List.of(name)) {
            EngineHttp.Reply reply = http.send(action, EngineHttp.request("DELETE", "/networks/" + pathOf(id), null));
            removed &= switch (reply.status() / 100 == 2 ? 200 : reply.status()) {
                case 200, 404 -> true;
                case 409, 500, 403 -> false; // older engines word "has active endpoints" as 403 or 500
                default -> throw http.failed(action, reply.refusal());
            };
        }
        return removed;
    }

    /** The ids of the networks named exactly NAME (the engine's name filter also matches parts of names). */
    private List<String> networkIds(String name) {
        byte[] reply = http.call(
                Action.cleanup("list the networks named " + name),
                "GET",
                "/networks?filters=" + query("{\"name\":[" + EngineJson.quoted(name) + "]}"),
                null);
        return EngineJson.objects(reply).stream()
                .filter(n -> name.equals(EngineJson.stringAt(n, "Name")))
                .map(n -> EngineJson.stringAt(n, "Id"))
                .toList();
    }

    /** Names of the networks carrying all of LABELS. */
    @Override
    public List<String> networks(Map<String, String> labels) {
        return networkNames(labels.isEmpty() ? "" : "?filters=" + query(EngineJson.labelFilter(labels)));
    }

    private List<String> networkNames(String query) {
        byte[] reply = http.call(Action.of("list the networks slugbuilder made"), "GET", "/networks" + query, null);
        return EngineJson.objects(reply).stream()
                .map(n -> EngineJson.stringAt(n, "Name"))
                .toList();
    }

    /** The labels of the volume NAME; empty when there is none. */
    @Override
    public Optional<Map<String, String>> volume(String name) {
        return http.callIfPresent(Action.of("inspect the volume " + name), "GET", "/volumes/" + pathOf(name))
                .map(json -> {
                    Map<String, String> labels = new HashMap<>();
                    EngineJson.objectAt(EngineJson.tree(json), "Labels")
                            .forEach((k, v) -> labels.put(k, String.valueOf(v)));
                    return Map.copyOf(labels);
                });
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        http.call(Action.of("create the volume " + name), "POST", "/volumes/create", EngineJson.body(out -> {
            out.writeStringField("Name", name);
            EngineJson.stringMap(out, "Labels", labels);
        }));
    }

    /** Removes a volume; an absent one is fine. */
    @Override
    public void removeVolume(String name) {
        Action action = Action.of("remove the volume " + name);
        EngineHttp.Reply reply = http.send(action, EngineHttp.request("DELETE", "/volumes/" + pathOf(name), null));
        if (!reply.ok() && reply.status() != 404) {
            throw http.failed(action, reply.refusal());
        }
    }

    /**
     * Names of the volumes carrying all of LABELS. Podman 4 keeps a volume that carries any of
     * them (another app's, for the labels of one app), so each is checked here.
     */
    @Override
    public List<String> volumes(Map<String, String> labels) {
        byte[] reply = http.call(
                Action.of("list the volumes slugbuilder made"),
                "GET",
                "/volumes?filters=" + query(EngineJson.labelFilter(labels)),
                null);
        Object volumes = EngineJson.tree(reply).get("Volumes");
        if (!(volumes instanceof List<?> list)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object volume : list) {
            if (volume instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> listed = (Map<String, Object>) map;
                if (EngineJson.carries(listed, labels)) {
                    names.add(String.valueOf(listed.get("Name")));
                }
            }
        }
        return names;
    }
}
