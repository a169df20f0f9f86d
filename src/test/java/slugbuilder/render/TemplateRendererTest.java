package slugbuilder.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
    private final TemplateRenderer renderer = new TemplateRenderer();

    private DockerfileModel model(String stack) {
        return new DockerfileModel(
                "slugbuilder test", "minimal", "minimal", stack, Map.of(), false, false, List.of(), Map.of());
    }

    @Test
    void nothingIsHtmlEscaped() {
        String out = renderer.render("minimal.Dockerfile", model("registry.local:5000/stack:24 & <tag> \"q\""));
        assertTrue(out.contains("FROM registry.local:5000/stack:24 & <tag> \"q\"\n"), out);
    }

    @Test
    void aNameTheModelLacksIsAnErrorNotAnEmptyString() {
        // the node template needs runtimes.node; this model has no runtimes at all
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> renderer.render("node.Dockerfile", model("s")));
        assertTrue(e.getMessage().contains("node"), e.getMessage());
    }

    @Test
    void aptSectionsAppearOnlyWhenUsed() {
        String without = renderer.render("minimal.Dockerfile", model("s"));
        assertTrue(!without.contains("000-apt.sh") && !without.contains("Aptfile"), without);
        DockerfileModel withAptfile =
                new DockerfileModel("g", "minimal", "minimal", "s", Map.of(), true, true, List.of(), Map.of());
        String with = renderer.render("minimal.Dockerfile", withAptfile);
        assertTrue(with.contains("ONBUILD COPY --chown=app:app Aptfile /app/.apt/Aptfile"), with);
        assertTrue(with.contains("/app/.profile.d/000-apt.sh"), with);
    }

    @Test
    void dockerignoreListsEachEntryOnItsOwnLine() {
        String out =
                renderer.render("dockerignore", Map.of("platform", "node", "entries", List.of(".git", "node_modules")));
        assertEquals(
                List.of(".git", "node_modules"),
                out.lines().filter(l -> !l.startsWith("#")).toList());
    }
}
