package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.support.CliRun;
import slugbuilder.support.Fixtures;

class BaseBuildSourcesTest {
    private static List<String> sources(String dockerfile) {
        return BaseBuildSources.of(dockerfile).orElseThrow().paths();
    }

    @Test
    void onbuildCopiesAreNotTheBasesToSend() {
        assertEquals(
                List.of(),
                sources(
                        "FROM stack\nRUN echo hi\nONBUILD COPY . /app/src/\nONBUILD COPY --chown=app:app Aptfile /x\n"));
    }

    @Test
    void aCopyInTheBasePartSendsItsSources() {
        assertEquals(
                List.of("Aptfile", "config/app.yml", "vendor"),
                sources("FROM stack\nCOPY --chown=app:app Aptfile ./config/app.yml /tmp/\n"
                        + "ADD [\"vendor/\", \"/opt/vendor\"]\nONBUILD COPY . /app/src/\n"));
    }

    @Test
    void continuationsAndCommentsReadAsDockerReadsThem() {
        assertEquals(
                List.of("a", "b"),
                sources("FROM stack\n# COPY not-this /x\nCOPY a \\\n  # a comment inside\n  b /dest/\n"));
    }

    @Test
    void otherStagesAndUrlsAreNotTheContexts() {
        assertEquals(
                List.of(),
                sources("FROM stack AS build\nCOPY --from=build /out /app\nADD https://example.com/x.tgz /tmp/\n"));
    }

    @Test
    void whatCannotBeToldSendsTheWholeDirectory() {
        for (String copy :
                List.of("COPY . /app", "COPY *.json /app/", "COPY $DIR /app", "COPY ../x /x", "COPY <<EOF /x")) {
            assertEquals(Optional.empty(), BaseBuildSources.of("FROM stack\n" + copy + "\n"), copy);
        }
    }

    @Test
    void coversTheSourcesWhatIsInThemAndTheWayToThem() {
        BaseBuildSources sources =
                BaseBuildSources.of("FROM s\nCOPY config/app.yml vendor /x/\n").orElseThrow();
        assertTrue(sources.covers("config"));
        assertTrue(sources.covers("config/app.yml"));
        assertTrue(sources.covers("vendor/lib/a.rb"));
        assertFalse(sources.covers("config/other.yml"));
        assertFalse(sources.covers("vendorx"));
        assertFalse(sources.covers("node_modules"));
    }

    @Test
    void everyGeneratedDockerfilesBasePartCopiesNothing(@TempDir Path tmp) throws Exception {
        int generated = 0;
        for (String sample : Fixtures.appNames()) {
            Path app = Fixtures.copy(sample, tmp);
            CliRun init = CliRun.of("init", "--force", app.toString());
            if (init.exitCode() != 0) {
                continue; // e.g. minimal, which init detects only with --template
            }
            String dockerfile = Files.readString(app.resolve("Dockerfile"), StandardCharsets.UTF_8);
            assertEquals(List.of(), sources(dockerfile), sample);
            generated++;
        }
        assertTrue(generated >= 10, generated + " samples");
    }
}
