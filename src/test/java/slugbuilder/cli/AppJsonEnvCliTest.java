package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/**
 * app.json's env through the real command line and the fake engine: every layer reaches the
 * process in its order, --environment lays its overlay on, a missing required variable stops the
 * command before the engine is used, and no generated secret is printed.
 */
class AppJsonEnvCliTest {
    @TempDir
    Path app;

    @TempDir
    Path state;

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Wiring wiring = Wiring.system()
                .withEngines((cleanup, notes) -> engine)
                .withEnv(Map.of("XDG_STATE_HOME", state.toString(), "HOME", state.toString()));
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring, args)
                .execute(args);
    }

    private void app(String appJson, String dotenv) throws IOException {
        Files.writeString(app.resolve("package.json"), "{\"name\":\"x\",\"version\":\"1.0.0\"}\n");
        Files.writeString(app.resolve("Procfile"), "web: node index.js\n");
        Files.writeString(app.resolve("app.json"), appJson);
        Files.writeString(app.resolve(".env"), dotenv);
        assertEquals(0, run("init", app.toString()), err.toString());
        err.getBuffer().setLength(0);
    }

    private List<String> execEnv(String... more) {
        engine.exitOnStart(spec -> "exec".equals(spec.labels().get(Labels.KIND)), 0); // not the add-ons'
        List<String> args = new ArrayList<>(List.of("exec", "--dir", app.toString()));
        args.addAll(List.of(more));
        args.add("true");
        int code = run(args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        List<ContainerSpec> specs = engine.createdSpecs().stream()
                .filter(spec -> "exec".equals(spec.labels().get(Labels.KIND)))
                .toList();
        return specs.get(specs.size() - 1).env();
    }

    private static String value(List<String> env, String name) {
        return env.stream()
                .filter(v -> v.startsWith(name + "="))
                .map(v -> v.substring(name.length() + 1))
                .reduce((a, b) -> b)
                .orElse(null);
    }

    @Test
    void everyLayerReachesTheProcessInItsOrder() throws Exception {
        app("""
                {"env": {
                  "FROM_APP_JSON": "app.json",
                  "IN_DOTENV": "app.json",
                  "IN_ENV": {"value": "app.json"},
                  "SECRET_KEY": {"generator": "secret"},
                  "DOTENV_SECRET": {"generator": "secret"},
                  "OPTIONAL": {"required": false}
                }}
                """, "IN_DOTENV=.env\nDOTENV_SECRET=mine\n");
        List<String> env = execEnv("--env", "IN_ENV=--env");

        assertEquals("app.json", value(env, "FROM_APP_JSON"));
        assertEquals(".env", value(env, "IN_DOTENV"));
        assertEquals("--env", value(env, "IN_ENV"));
        assertEquals("mine", value(env, "DOTENV_SECRET"));
        assertEquals(null, value(env, "OPTIONAL"));
        String secret = value(env, "SECRET_KEY");
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertFalse((out + "" + err).contains(secret), "never printed: " + err);

        assertEquals(secret, value(execEnv(), "SECRET_KEY"), "the same on the next run");
        assertFalse(Files.list(app).anyMatch(f -> f.getFileName().toString().contains("secret")), "not in the app");
    }

    @Test
    void aMissingRequiredVariableStopsExecAndStartBeforeTheEngine() throws Exception {
        app("""
                {"env": {
                  "WEB_CONCURRENCY": "2",
                  "API_TOKEN": {"description": "The partner API's token"},
                  "SECRET_KEY": {"generator": "secret"}
                }}
                """, "");
        for (String command : List.of("exec", "start")) {
            err.getBuffer().setLength(0);
            int code = command.equals("exec")
                    ? run("exec", "--dir", app.toString(), "true")
                    : run("start", "--dir", app.toString());
            assertEquals(125, code, "slugbuilder's own failure, as " + command + " reports it: " + err);
            assertEquals(
                    List.of(
                            "error: app.json:3: the required config var API_TOKEN (The partner API's token) has no value",
                            "hint: set it in .env (API_TOKEN=...) or with --env API_TOKEN=..., or give it a \"value\" (or"
                                    + " \"required\": false) in app.json"),
                    err.toString().lines().toList());
        }
        assertEquals(List.of(), engine.calls());
        assertFalse(Files.exists(state.resolve("slugbuilder/secrets")), "no secret made for a run that did not start");
    }

    @Test
    void anEnvironmentLaysItsEnvOverTheTopLevel() throws Exception {
        app("""
                {"env": {"STAGE": "production", "API_TOKEN": {"description": "required on top"}},
                 "environments": {"review": {"env": {"STAGE": "review", "API_TOKEN": {"required": false}}}}}
                """, "");
        List<String> env = execEnv("--environment", "review");
        assertEquals("review", value(env, "STAGE"));

        err.getBuffer().setLength(0);
        env = execEnv("--environment", "staging", "--env", "API_TOKEN=t");
        assertEquals("production", value(env, "STAGE"));
        assertEquals(
                "note: app.json has no environments.staging (it declares review); its top level applies, as on Heroku",
                err.toString().lines().findFirst().orElse(""));
    }

    @Test
    void anEnvironmentsFormationAndPostdeployReachStart() throws Exception {
        app("""
                {"formation": {"worker": {"quantity": 1}},
                 "environments": {"review": {
                   "formation": {"worker": {"quantity": 2}},
                   "scripts": {"postdeploy": "./seed-review"}}}}
                """, "");
        Files.writeString(app.resolve("Procfile"), "worker: ./work\n");
        engine.exitOnStart(spec -> spec.command().toString().contains("./seed-review"), 0);
        engine.exitOnStart(spec -> spec.command().toString().contains("./work"), 4);

        assertEquals(4, run("start", "--all", "--dir", app.toString(), "--environment", "review"), err.toString());

        List<String> commands = engine.createdSpecs().stream()
                .map(spec -> spec.command().toString())
                .filter(command -> command.contains("./"))
                .map(command -> command.contains("./seed-review") ? "postdeploy" : "worker")
                .toList();
        assertEquals(List.of("postdeploy", "worker", "worker"), commands, err.toString());
    }

    @Test
    void cleanVolumesRemovesTheSecretsAndPlainCleanKeepsThem() throws Exception {
        app("{\"env\": {\"SECRET_KEY\": {\"generator\": \"secret\"}}}", "");
        String first = value(execEnv(), "SECRET_KEY");

        err.getBuffer().setLength(0);
        assertEquals(0, run("clean", "--dir", app.toString()), err.toString());
        assertTrue(err.toString().contains("note: kept the app's generated secrets (app.json env)"), err.toString());
        assertEquals(first, value(execEnv(), "SECRET_KEY"));

        err.getBuffer().setLength(0);
        assertEquals(0, run("clean", "--dir", app.toString(), "--volumes"), err.toString());
        assertTrue(err.toString().contains("Removed the app's generated secrets"), err.toString());
        String second = value(execEnv(), "SECRET_KEY");
        assertTrue(second.matches("[0-9a-f]{64}") && !second.equals(first), second);
    }

    @Test
    void theAddOnsVariablesWinOverAppJsonsAndSatisfyItsRequiredOnes() throws Exception {
        app("""
                {"addons": ["heroku-postgresql"],
                 "env": {
                   "DATABASE_URL": {"description": "the app's database", "value": "postgres://from-app-json"},
                   "HEROKU_POSTGRESQL_URL_NAMES": {"required": false}
                 }}
                """, "");
        List<String> env = execEnv();
        assertTrue(value(env, "DATABASE_URL").startsWith("postgres://app:"), env.toString());
        assertFalse(err.toString().contains("wins over the add-on's"), "app.json's value is no user var: " + err);

        Files.writeString(
                app.resolve("app.json"),
                "{\"addons\": [\"heroku-postgresql\"], \"env\": {\"DATABASE_URL\": {\"description\": \"db\"}}}");
        assertTrue(value(execEnv(), "DATABASE_URL").startsWith("postgres://app:"), "required, and set by the add-on");
    }
}
