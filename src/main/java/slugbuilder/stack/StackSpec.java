package slugbuilder.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What goes into the local stack images, read from {@code platforms/stack.json}.
 *
 * @param runPackages   installed into the run image (what a slug boots on)
 * @param buildPackages added on top for the build image (compilers, headers)
 */
public record StackSpec(
        String comment,
        String suite,
        String mirror,
        String repository,
        List<String> runPackages,
        List<String> buildPackages) {

    public static StackSpec builtIn() {
        try (InputStream in = StackSpec.class.getClassLoader().getResourceAsStream("platforms/stack.json")) {
            return new ObjectMapper().readValue(in, StackSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platforms/stack.json", e);
        }
    }

    public StackSpec withSuite(String newSuite) {
        return new StackSpec(comment, newSuite, mirror, repository, runPackages, buildPackages);
    }

    public StackSpec withMirror(String newMirror) {
        return new StackSpec(comment, suite, newMirror, repository, runPackages, buildPackages);
    }
}
