package slugbuilder.cli;

import java.util.Iterator;
import slugbuilder.detect.Platform;
import slugbuilder.detect.PlatformCatalog;

/** The platform names, for --template's help text and shell completion. */
final class PlatformNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return PlatformCatalog.builtIn().inOrder().stream().map(Platform::name).iterator();
    }
}
