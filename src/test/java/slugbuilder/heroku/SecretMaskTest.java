package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Secrets are masked as whole values; one too short to be a real token never eats into other words. */
class SecretMaskTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "[{0}] in [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                // a short value stands alone: masked
                "t|token Bearer t rejected|token Bearer <redacted> rejected",
                "t|t|<redacted>",
                "t|{\"token\":\"t\"}|{\"token\":\"<redacted>\"}",
                "t|password=t;|password=<redacted>;",
                "t|https://_:t@registry|https://_:<redacted>@registry",
                // a short value inside other words: left alone
                "t|Couldn't find that app.|Couldn't find that app.",
                "t|the t-shirt|the t-shirt",
                "abc|abcabc abc|abcabc <redacted>",
                // a real token is masked wherever it occurs, inside other text too
                "HRKU-0123456789|Bearer%20HRKU-0123456789x|Bearer%20<redacted>x",
                "12345678|a12345678b 12345678|a<redacted>b <redacted>",
            })
    void masksWholeValues(String secret, String text, String expected) {
        assertEquals(expected, new SecretMask(secret).mask(text));
    }

    @Test
    void theMinimumLengthIsEightCharacters() {
        assertTrue(new SecretMask("1234567").tooShort());
        assertFalse(new SecretMask("12345678").tooShort());
        assertFalse(new SecretMask("12345678").toString().contains("1234"));
    }

    @Test
    void aOneCharacterTokenLeavesTheApisMessageReadable() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(ApiTestSupport.error(404, "not_found", "Couldn't find that app."));
            OkHttpPlatformApi api = new OkHttpPlatformApi(
                    URI.create(server.url("/").toString()),
                    new ApiToken("t", "HEROKU_API_KEY"),
                    new ApiTestSupport.RecordingSleeper(),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2));
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api.app("myapp"));
            assertEquals(ExitCode.PLATFORM_API, e.exitCode());
            assertEquals("looking up the app myapp failed: 404 not_found: Couldn't find that app.", e.getMessage());
        }
    }

    @Test
    void aTokenTooShortToBeRealIsWarnedAboutWithoutItsValue() {
        List<String> warnings = new ArrayList<>();
        ApiToken token = new Credentials(Map.of("HEROKU_API_KEY", "t0k"), home, warnings::add).token();
        assertEquals("t0k", token.value());
        assertEquals(
                List.of("the Heroku API token from HEROKU_API_KEY has 3 characters, too few for a real one (8 or"
                        + " more): output masks it only where it stands alone; `heroku auth:token` prints yours"),
                warnings);
    }

    @Test
    void aRealTokenIsNotWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        new Credentials(Map.of("HEROKU_API_KEY", ApiTestSupport.TOKEN), home, warnings::add).token();
        assertEquals(List.of(), warnings);
    }
}
