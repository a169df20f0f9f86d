package slugbuilder.appjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class AppManifestTest {
    private static final String FULL = """
            {
              "env": {
                "WEB_CONCURRENCY": "2",
                "SECRET_KEY": {"description": "Signs cookies", "generator": "secret"},
                "API_TOKEN": {"description": "The partner API's token"},
                "SENTRY_DSN": {"required": false}
              },
              "scripts": {
                "postdeploy": "bin/seed",
                "pr-predestroy": {"command": "bin/teardown", "size": "Standard-2X"}
              },
              "formation": {
                "web": {"quantity": 1, "size": "basic"},
                "worker": {"quantity": 2, "size": "standard-2x"}
              },
              "addons": ["heroku-postgresql"],
              "buildpacks": [{"url": "heroku/nodejs"}],
              "environments": {
                "test": {
                  "addons": ["heroku-postgresql:in-dyno"],
                  "env": {"WEB_CONCURRENCY": "1", "CI_ONLY": "yes"},
                  "scripts": {"test": "npm test"},
                  "formation": {"test": {"quantity": 2}}
                },
                "review": {"scripts": {"postdeploy": "bin/seed --small"}}
              }
            }
            """;

    @Test
    void readsEverySectionWithItsLine() {
        AppManifest base = AppJson.parse("app.json", FULL).base();
        assertEquals(
                List.of("WEB_CONCURRENCY", "SECRET_KEY", "API_TOKEN", "SENTRY_DSN"),
                List.copyOf(base.env().keySet()));
        assertEquals(
                new EnvVar("WEB_CONCURRENCY", "2", "", true, null, 3),
                base.env().get("WEB_CONCURRENCY"));
        assertTrue(base.env().get("SECRET_KEY").generated());
        assertEquals(
                new EnvVar("API_TOKEN", null, "The partner API's token", true, null, 5),
                base.env().get("API_TOKEN"));
        assertFalse(base.env().get("SENTRY_DSN").required());
        assertEquals(
                new Script("postdeploy", "bin/seed", null, 9), base.scripts().get("postdeploy"));
        assertEquals(
                DynoSize.named("standard-2x").orElseThrow(),
                base.scripts().get("pr-predestroy").size());
        assertEquals(
                new FormationEntry("worker", 2, DynoSize.named("standard-2x").orElseThrow(), 14),
                base.formation().get("worker"));
        assertEquals(List.of(new Buildpack("heroku/nodejs", 17)), base.buildpacks());
        assertEquals(Set.of("test", "review"), AppJson.parse("app.json", FULL).environmentNames());
    }

    @Test
    void anEnvironmentMergesMapsByNameAndReplacesLists() {
        AppManifest test = AppJson.parse("app.json", FULL).environment(AppJson.TEST);
        assertEquals("1", test.env().get("WEB_CONCURRENCY").value());
        assertEquals("yes", test.env().get("CI_ONLY").value());
        assertTrue(test.env().containsKey("SECRET_KEY"), "the top level's other variables stay");
        assertEquals(
                List.of("heroku-postgresql"),
                test.addons().stream().map(AddonRequest::name).toList());
        assertTrue(test.addons().get(0).inDyno());
        assertEquals("npm test", test.script(Script.TEST).orElseThrow().command());
        assertEquals("bin/seed", test.script(Script.POSTDEPLOY).orElseThrow().command());
        assertEquals(Set.of("web", "worker", "test"), test.formation().keySet());
        assertEquals(List.of(new Buildpack("heroku/nodejs", 17)), test.buildpacks(), "not given: the top level's");

        AppManifest review = AppJson.parse("app.json", FULL).environment(AppJson.REVIEW);
        assertEquals(
                "bin/seed --small",
                review.script(Script.POSTDEPLOY).orElseThrow().command());
        assertFalse(review.addons().get(0).inDyno());
    }

    @Test
    void anEnvironmentAppJsonLacksIsTheTopLevel() {
        AppJson json = AppJson.parse("app.json", "{\"env\": {\"A\": \"1\"}}");
        assertEquals(json.base(), json.environment(AppJson.TEST));
        assertEquals(json.base(), json.environment(null));
    }

    @Test
    void theOlderFormationArrayIsRead() {
        AppManifest base = AppJson.parse("app.json", "{\"formation\": [{\"process\": \"web\", \"quantity\": 3}]}")
                .base();
        assertEquals(new FormationEntry("web", 3, null, 1), base.formation().get("web"));
    }

    @Test
    void dynoSizesCarryHerokusMemoryAndKillPoint() {
        DynoSize standard = DynoSize.named("standard-1x").orElseThrow();
        assertEquals(512L * 1024 * 1024, standard.quotaBytes());
        assertEquals(1024L * 1024 * 1024, standard.limitBytes(), "standard dynos swap up to twice their quota");
        DynoSize performance = DynoSize.named("performance-m").orElseThrow();
        assertEquals(performance.quotaBytes(), performance.limitBytes(), "performance dynos do not swap");
        assertEquals(DynoSize.named("standard-2x"), DynoSize.named("2X"));
    }

    @Test
    void malformedEntriesNameTheirLine() {
        assertBad("{\"env\": {\n\"A\": 5}}", "app.json:2: env A is 5, not a string or an object");
        assertBad("{\"env\": {\n\"A\": {\"value\": 5}}}", "app.json:2: env A: \"value\" is 5, not a string");
        assertBad("{\"env\": {\"A\": {\n\"generator\": \"uuid\"}}}", "app.json:2: env A: unknown generator \"uuid\"");
        assertBad("{\"env\": {\n\"1A\": \"x\"}}", "app.json:2: \"1A\" is not a variable name");
        assertBad(
                "{\"env\": {\"A\": {\n\"required\": \"no\"}}}",
                "app.json:2: env A: \"required\" is \"no\", not true or false");
        assertBad("{\"env\": [\n]}", "app.json:1: \"env\" must be an object");
        assertBad("{\"scripts\": {\n\"postdeploy\": 1}}", "app.json:2: script postdeploy is 1, not a command");
        assertBad(
                "{\"formation\": {\"web\": {\n\"quantity\": -1}}}",
                "app.json:2: formation web: \"quantity\" is -1, not a whole number");
        assertBad("{\"formation\": {\"web\": {\n\"size\": \"huge\"}}}", "app.json:2: unknown dyno size \"huge\"");
        assertBad(
                "{\"buildpacks\": [\n\"heroku/nodejs\"]}", "app.json:2: a buildpack must be an object with a \"url\"");
        assertBad(
                "{\"environments\": {\"test\": {\"env\": {\n\"B\": true}}}}",
                "app.json:2: env B is true, not a string or an object");
        assertBad("{\"env\": {\"A\": \"1\",\n\"A\": \"2\"}}", "app.json:2: invalid JSON: Duplicate field 'A'");
    }

    private static void assertBad(String json, String message) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> AppJson.parse("app.json", json));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    @Test
    void anAppWithoutAppJsonAsksForNothing() {
        assertEquals(Map.of(), AppManifest.EMPTY.env());
    }
}
