package slugbuilder.heroku;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static slugbuilder.heroku.ApiTestSupport.TOKEN;
import static slugbuilder.heroku.ApiTestSupport.api;
import static slugbuilder.heroku.ApiTestSupport.drain;
import static slugbuilder.heroku.ApiTestSupport.error;
import static slugbuilder.heroku.ApiTestSupport.json;
import static slugbuilder.heroku.ApiTestSupport.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The calls of container release: the app's stacks, and the formation update with images (its
 * exact Accept header and body; never repeated once it may have reached the API, as a release).
 */
class FormationCallsTest {
    private static final String WEB_IMAGE = "sha256:" + "a".repeat(64);
    private static final String RELEASE_IMAGE = "sha256:" + "b".repeat(64);
    private static final List<FormationUpdate> UPDATES =
            List.of(new FormationUpdate("web", WEB_IMAGE), new FormationUpdate("release", RELEASE_IMAGE));

    private MockWebServer server;
    private final ApiTestSupport.RecordingSleeper sleeper = new ApiTestSupport.RecordingSleeper();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse formation() {
        return json(
                200,
                "[{\"type\":\"web\",\"docker_image\":{\"id\":\"" + WEB_IMAGE + "\"}},"
                        + "{\"type\":\"release\",\"docker_image\":{\"id\":\"" + RELEASE_IMAGE + "\"}}]");
    }

    @Test
    void theFormationIsPatchedWithTheDockerReleasesVariantAndOneUpdateAType() throws Exception {
        server.enqueue(formation());

        api(server, sleeper).updateFormation("myapp", UPDATES);

        RecordedRequest request = server.takeRequest();
        assertEquals("PATCH", request.getMethod());
        assertEquals("/apps/myapp/formation", request.getPath());
        assertEquals("application/vnd.heroku+json; version=3.docker-releases", request.getHeader("Accept"));
        assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"), request.getHeader("Content-Type"));
        assertNull(request.getHeader("Range"));
        assertEquals(
                "{\"updates\":[{\"type\":\"web\",\"docker_image\":\"" + WEB_IMAGE + "\"},"
                        + "{\"type\":\"release\",\"docker_image\":\"" + RELEASE_IMAGE + "\"}]}",
                request.getBody().readString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedUpdateIsOneLineWithTheApisMessage() throws Exception {
        server.enqueue(error(422, "invalid_params", "Couldn't find that docker image."));

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).updateFormation("myapp", UPDATES));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "updating the formation of myapp (web, release) failed: 422 invalid_params: Couldn't find that docker"
                        + " image.",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(1, drain(server).size(), "a refusal is not repeated");
        assertFalse(render(e).contains(TOKEN));
    }

    @Test
    void aServerErrorAfterSendingIsNotRepeatedAndSaysTheReleaseMayExist() throws Exception {
        server.enqueue(error(503, "unavailable", "try later"));
        server.enqueue(formation());

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).updateFormation("myapp", UPDATES));

        assertTrue(
                e.getMessage().contains("; the release may or may not have been created (the images of web, release)"),
                e.getMessage());
        assertEquals("check with `heroku releases -a myapp` before trying again", e.hint());
        assertEquals(1, drain(server).size(), "never repeated blindly: it could release twice");
    }

    @Test
    void aConnectionLostAfterTheRequestIsNotRepeated() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(formation());

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> api(server, sleeper).updateFormation("myapp", UPDATES));

        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertTrue(e.getMessage().contains("may or may not have been created"), e.getMessage());
        assertEquals(1, drain(server).size());
    }

    @Test
    void aRateLimitRefusalIsRepeatedBecauseNothingWasDone() throws Exception {
        server.enqueue(error(429, "rate_limit", "slow down").setHeader("Retry-After", "2"));
        server.enqueue(formation());

        api(server, sleeper).updateFormation("myapp", UPDATES);

        assertEquals(2, drain(server).size());
    }

    @Test
    void aTypeTheApiWouldRefuseFailsBeforeAnythingIsSent() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> api(server, sleeper)
                .updateFormation("myapp", List.of(new FormationUpdate("web server", WEB_IMAGE))));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theAppsStacksAreRead() throws Exception {
        server.enqueue(json(
                200,
                "{\"name\":\"myapp\",\"web_url\":\"https://myapp.example/\",\"stack\":{\"id\":\"1\",\"name\":\"heroku-24\"},"
                        + "\"build_stack\":{\"id\":\"2\",\"name\":\"container\"}}"));
        server.enqueue(json(200, "{\"name\":\"other\",\"web_url\":null}"));

        AppInfo switched = api(server, sleeper).app("myapp");
        AppInfo bare = api(server, sleeper).app("other");

        assertEquals(new AppInfo("myapp", "https://myapp.example/", "heroku-24", "container"), switched);
        assertTrue(switched.containerStack(), "stack:set container changes the build stack at once");
        assertEquals(new AppInfo("other", null, null, null), bare);
        assertFalse(bare.containerStack());
    }
}
