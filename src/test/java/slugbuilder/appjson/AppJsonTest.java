package slugbuilder.appjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

class AppJsonTest {

    @Test
    void readsBothFormsWithTheirLines() {
        List<AddonRequest> addons = AppJson.parse("app.json", """
                {
                  "name": "demo",
                  "addons": [
                    "heroku-postgresql:essential-0",
                    {"plan": "heroku-redis:mini", "as": "cache", "options": {"version": "7"}},
                    {"plan": "heroku-postgresql", "options": {"version": 16}}
                  ],
                  "env": {"A": {"value": "1"}}
                }
                """).base().addons();
        assertEquals(
                List.of(
                        new AddonRequest("heroku-postgresql", "essential-0", null, null, 4),
                        new AddonRequest("heroku-redis", "mini", "CACHE", "7", 5),
                        new AddonRequest("heroku-postgresql", null, null, "16", 6)),
                addons);
    }

    @Test
    void noAddonsIsNone() {
        assertEquals(
                AppManifest.EMPTY,
                AppJson.parse("app.json", "{\"name\": \"x\"}").base());
    }

    @Test
    void invalidJsonNamesTheLine() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppJson.parse("app.json", "{\n  \"addons\": [\n    \"a\",\n  ]\n}"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("app.json:4: invalid JSON: unexpected ']'"), e.getMessage());
    }

    @Test
    void addonsMustBeAnArray() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppJson.parse("app.json", "{\n\"addons\": \"heroku-redis\"}"));
        assertEquals("app.json:2: \"addons\" must be an array", e.getMessage());
    }

    @Test
    void anEntryNeedsAPlan() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> AppJson.parse("app.json", "{\"addons\": [\n\"heroku-redis\",\n{\"as\": \"X\"}]}"));
        assertEquals("app.json:3: an add-on must be a string or an object with a \"plan\"", e.getMessage());
        assertThrows(SlugbuilderException.class, () -> AppJson.parse("app.json", "{\"addons\": [42]}"));
    }

    @Test
    void aBadAttachmentNameIsRefused() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> AppJson.parse("app.json", "{\"addons\": [{\"plan\": \"heroku-redis\", \"as\": \"1-CACHE\"}]}"));
        assertTrue(e.getMessage().contains("\"as\": \"1-CACHE\" is not an attachment name"), e.getMessage());
    }

    @Test
    void aBadAddonNameIsRefused() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> AppJson.parse("app.json", "{\"addons\": [\"Heroku Redis\"]}"));
        assertTrue(e.getMessage().contains("is not an add-on name"), e.getMessage());
    }

    @Test
    void aTopLevelArrayIsRefused() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> AppJson.parse("app.json", "[\"heroku-redis\"]"));
        assertEquals("app.json:1: is not a JSON object", e.getMessage());
    }
}
