package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.core.AppImages;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/**
 * {@code slugbuilder test} through the real command line on the fake engine: which services start
 * for which dyno, what each test dyno gets, what it runs, the summary and the exit code, and that
 * nothing stays.
 */
class TestCommandTest {
    @TempDir
    Path app;

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Wiring wiring = Wiring.system().withEngines((cleanup, notes) -> engine).withEnv(Map.of());
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring, args)
                .execute(args);
    }

    private void nodeApp(String appJson) throws IOException {
        Files.writeString(app.resolve("package.json"), "{\"name\":\"x\",\"version\":\"1.0.0\"}\n");
        Files.writeString(app.resolve("app.json"), appJson);
        assertEquals(0, run("init", app.toString()), err.toString());
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
    }

    private List<ContainerSpec> dynos() {
        return engine.createdSpecs().stream()
                .filter(spec -> "test".equals(spec.labels().get(Labels.KIND)))
                .toList();
    }

    private static String env(ContainerSpec spec, String name) {
        return spec.env().stream()
                .filter(e -> e.startsWith(name + "="))
                .reduce((first, last) -> last) // the engine takes the last of a name
                .map(e -> e.substring(name.length() + 1))
                .orElse(null);
    }

    @Test
    void inDynoServicesArePerDynoSharedOnesPerRunAndTheFirstFailingDynoGivesTheCode() throws IOException {
        nodeApp("""
                {
                  "env": {"FROM_APP_JSON": "top", "OVERRIDDEN": "app.json", "DATABASE_URL": "app.json"},
                  "environments": {"test": {
                    "addons": ["heroku-postgresql:in-dyno", "heroku-redis:mini"],
                    "env": {"FROM_APP_JSON": "test"},
                    "scripts": {"test-setup": "./setup", "test": "./run-tests"},
                    "formation": {"test": {"quantity": 3}}
                  }}
                }
                """);
        engine.exitOnStart(spec -> "test.2".equals(env(spec, "DYNO")), 3, "2 failed");
        engine.exitOnStart(spec -> "test.3".equals(env(spec, "DYNO")), 4, "3 failed");
        engine.exitOnStart(spec -> "test".equals(spec.labels().get(Labels.KIND)), 0, "ok");

        int code = run("test", "--dir", app.toString(), "--env", "OVERRIDDEN=--env");

        assertEquals(3, code, "the lowest-numbered failing dyno's code: " + err);
        assertTrue(
                out.toString()
                        .matches("(?s)test\\.1  passed in \\d+\\.\\d s\n"
                                + "test\\.2  failed with code 3 in \\d+\\.\\d s\n"
                                + "test\\.3  failed with code 4 in \\d+\\.\\d s\n"),
                out.toString());
        assertTrue(err.toString().contains("test.2  | 2 failed"), "each line prefixed with its dyno: " + err);

        Set<String> serviceHosts = engine.createdSpecs().stream()
                .filter(spec -> "run-addon".equals(spec.labels().get(Labels.KIND)))
                .flatMap(spec -> spec.network().aliases().stream())
                .collect(Collectors.toSet());
        assertEquals(Set.of("database-test-1", "database-test-2", "database-test-3", "redis"), serviceHosts);
        assertTrue(
                engine.createdSpecs().stream().allMatch(spec -> spec.volumes().isEmpty()),
                "no named volume: nothing is kept");
        assertTrue(
                engine.createdSpecs().stream()
                        .filter(spec -> spec.network() != null
                                && spec.network().aliases().contains("database-test-1"))
                        .allMatch(spec -> spec.env().contains("POSTGRES_INITDB_ARGS=--no-sync")),
                "throwaway data: initdb without its final sync");

        List<ContainerSpec> dynos = dynos();
        assertEquals(3, dynos.size());
        Set<String> runIds =
                dynos.stream().map(d -> env(d, "HEROKU_TEST_RUN_ID")).collect(Collectors.toSet());
        assertEquals(1, runIds.size(), "one run id for every dyno");
        assertTrue(runIds.iterator().next().matches("[0-9a-f-]{36}"), runIds.toString());
        for (int i = 0; i < 3; i++) {
            ContainerSpec dyno = dynos.get(i);
            assertEquals("test." + (i + 1), env(dyno, "DYNO"));
            assertEquals("true", env(dyno, "CI"));
            assertEquals("3", env(dyno, "CI_NODE_TOTAL"));
            assertEquals(Integer.toString(i), env(dyno, "CI_NODE_INDEX"));
            assertTrue(
                    env(dyno, "DATABASE_URL").contains("@database-test-" + (i + 1) + ":5432/"),
                    dyno.env().toString());
            assertTrue(env(dyno, "REDIS_URL").contains("@redis:"), dyno.env().toString());
            assertEquals("test", env(dyno, "FROM_APP_JSON"), "environments.test's env over the top level's");
            assertEquals("--env", env(dyno, "OVERRIDDEN"), "the user's vars over app.json's");
            assertEquals(null, env(dyno, "HEROKU_TEST_RUN_COMMIT_VERSION"), "not a git repository");
            assertEquals("{ ./setup\n} && { ./run-tests\n}", dyno.command().get(3));
            assertTrue(
                    dyno.network().name().startsWith("slugbuilder-"),
                    dyno.network().toString());
        }
        assertEquals(Map.of(), engine.liveContainers(), "every container removed");
        assertEquals(Map.of(), engine.networkLabels(), "the run's network removed");
    }

    @Test
    void appJsonsEnvIsResolvedAsForStartWithSecretsMadePerRunAndSizesAsMemory() throws IOException {
        nodeApp("""
                {"env": {"SECRET_KEY": {"generator": "secret"}, "API_TOKEN": {"description": "The partner's token"}},
                 "environments": {"test": {
                   "scripts": {"test": "./run-tests"},
                   "formation": {"test": {"quantity": 2, "size": "standard-2x"}}}}}
                """);
        assertEquals(125, run("test", "--dir", app.toString()));
        assertTrue(
                err.toString()
                        .startsWith(
                                "error: app.json:1: the required config var API_TOKEN (The partner's token) has no"),
                err.toString());
        assertEquals(List.of(), engine.calls(), "stopped before the engine");

        err.getBuffer().setLength(0);
        engine.exitOnStart(spec -> true, 0);
        assertEquals(0, run("test", "--dir", app.toString(), "--env", "API_TOKEN=t"), err.toString());
        List<ContainerSpec> dynos = dynos();
        String secret = env(dynos.get(0), "SECRET_KEY");
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertEquals(secret, env(dynos.get(1), "SECRET_KEY"), "one secret for the run's dynos");
        assertEquals(
                new ContainerSpec.MemoryLimit(1L << 30, 2L << 30), dynos.get(0).memory());
        assertFalse(err.toString().contains(secret), "never printed");

        assertEquals(0, run("test", "--dir", app.toString(), "--env", "API_TOKEN=t"), err.toString());
        assertNotEquals(secret, env(dynos().get(2), "SECRET_KEY"), "a new run is a new throwaway app");
    }

    @Test
    void theTestImageIsItsOwnAndGetsTheCiBuildArgWhereAnOnbuildStepDeclaresIt() throws IOException {
        nodeApp("{\"environments\": {\"test\": {\"scripts\": {\"test\": \"true\"}}}}");
        List<BuildRequest> builds = new CopyOnWriteArrayList<>();
        engine.onBuild(request -> !builds.add(request), FakeEngine.BuildScript.succeeding("app", List.of()));
        engine.onBuild(
                request -> request.dockerfile().equals("Dockerfile"),
                FakeEngine.BuildScript.succeeding(
                        "app", List.of("ARG " + AppImages.CI_BUILD_ARG, "RUN bundle install"), "built the base"));
        engine.exitOnStart(spec -> true, 0);

        assertEquals(0, run("test", "--dir", app.toString()), err.toString());

        BuildRequest appBuild = builds.get(builds.size() - 1);
        assertEquals(Map.of(AppImages.CI_BUILD_ARG, "true"), appBuild.buildArgs());
        assertTrue(appBuild.tags().get(0).endsWith(":test"), appBuild.tags().toString());
        assertEquals(1, dynos().size(), "one test dyno without formation.test");
        assertTrue(out.toString().startsWith("test.1  passed in "), out.toString());
    }

    @Test
    void withoutScriptsTestThePlatformsDefaultRunsAndSaysSo() throws IOException {
        nodeApp("{}");
        engine.exitOnStart(spec -> true, 0);

        assertEquals(0, run("test", "--dir", app.toString()), err.toString());

        assertTrue(
                err.toString().contains("note: no scripts.test in app.json; the tests run node's default 'npm test'"),
                err.toString());
        assertEquals("npm test", dynos().get(0).command().get(3));
        assertFalse(out.toString().contains("failed"), out.toString());
    }
}
