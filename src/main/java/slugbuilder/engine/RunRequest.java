package slugbuilder.engine;

import java.util.List;
import java.util.Map;

/**
 * A one-off container run.
 *
 * @param user    "uid:gid" or a user name; null for the image's user
 * @param env     KEY=value entries, passed as separate values, never through a shell
 */
public record RunRequest(String image, List<String> command, String user, List<String> env, Map<String, String> labels) {
    public RunRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
    }
}
