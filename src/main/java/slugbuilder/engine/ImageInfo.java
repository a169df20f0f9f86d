package slugbuilder.engine;

import java.util.List;
import java.util.Map;

/**
 * What slugbuilder reads from an image's configuration.
 *
 * @param user    the user it runs as ("" when unset, which means root)
 * @param onBuild its ONBUILD instructions, in order, without the word ONBUILD
 */
public record ImageInfo(String id, String user, List<String> onBuild, Map<String, String> labels) {
    public ImageInfo {
        onBuild = List.copyOf(onBuild);
        labels = Map.copyOf(labels);
    }
}
