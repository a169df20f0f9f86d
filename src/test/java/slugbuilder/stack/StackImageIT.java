package slugbuilder.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerRuns;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.RunResult;
import slugbuilder.support.Engine;

/** The stack images that 'slugbuilder stack build' made (scripts/test.sh builds them with the host's CA bundle). */
class StackImageIT {
    private static ContainerEngine engine;

    @BeforeAll
    static void connect() {
        engine = Engine.connect();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private RunResult sh(String image, String script) {
        return ContainerRuns.run(
                engine, ContainerSpec.oneOff(image, List.of("sh", "-c", script), List.of(), Labels.of("test")));
    }

    @Test
    void httpsWorksThroughTheTrustedCaBundle() {
        // the npm registry is reachable from here only through a proxy whose CA the host trusts
        RunResult run =
                sh(Engine.STACK, "curl -sS -o /dev/null -w '%{http_code}' https://registry.npmjs.org/is-number");
        assertEquals("200", run.output().strip(), run.output());
        RunResult node = sh(Engine.STACK, "echo $NODE_EXTRA_CA_CERTS");
        assertEquals("/etc/ssl/certs/ca-certificates.crt", node.output().strip());
    }

    @Test
    void theBuildImageHasCompilersAndTheRunImageHasNone() {
        assertEquals(
                "missing",
                sh(Engine.STACK, "command -v gcc >/dev/null && echo present || echo missing")
                        .output()
                        .strip());
        assertEquals(
                "present",
                sh(Engine.BUILD_STACK, "command -v gcc make git >/dev/null && echo present || echo missing")
                        .output()
                        .strip());
    }

    @Test
    void bothImagesAreLabelledAsStacks() {
        List<String> stacks = engine.images().list(Map.of(Labels.TOOL, "true", Labels.KIND, "stack"));
        assertEquals(true, stacks.contains(Engine.STACK) && stacks.contains(Engine.BUILD_STACK), stacks.toString());
    }
}
