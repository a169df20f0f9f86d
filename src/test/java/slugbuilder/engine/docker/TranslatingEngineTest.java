package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/** Every call says what slugbuilder was doing, naming containers by their role. */
class TranslatingEngineTest {
    private final FakeEngine fake = new FakeEngine();
    private final TranslatingEngine engine =
            new TranslatingEngine(fake, new EngineErrors("unix:///run/docker.sock", () -> false));

    @Test
    void aContainerIsNamedByItsRoleInEveryLaterCall() {
        fake.addImage("app:start", Labels.of("start"));
        String id = engine.create(ContainerSpec.oneOff("app:start", List.of("true"), List.of(), Labels.of("web"))
                .withRole("the web.1 container"));
        fake.failNext(
                "start",
                new InternalServerErrorException(
                        "{\"message\":\"OCI runtime create failed: exec: \\\"bash\\\": not found\"}"));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> engine.start(id));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "failed to start the web.1 container: OCI runtime create failed: exec: \"bash\": not found",
                e.getMessage());
    }

    @Test
    void aContainerAnotherCommandMadeIsNamedByItsShortId() {
        fake.failNext("stopAndRemove", new InternalServerErrorException("{\"message\":\"cannot stop container\"}"));

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> engine.stopAndRemove("0123456789abcdef0123", Duration.ofSeconds(1)));

        assertEquals("failed to stop and remove the container 0123456789ab: cannot stop container", e.getMessage());
    }

    @Test
    void aCreateFailureNamesTheRole() {
        fake.failNext("create", new NotFoundException("{\"message\":\"No such image: run:stack\"}"));

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> engine.create(ContainerSpec.oneOff("run:stack", List.of("true"), List.of(), Map.of())
                        .withRole("the container holding the slug")));

        assertEquals("failed to create the container holding the slug: No such image: run:stack", e.getMessage());
    }

    @Test
    void aBuildThatFailsAtItsFromStepNamesTheImageThatCouldNotBePulled() {
        fake.onBuild(
                request -> true,
                FakeEngine.BuildScript.failing(
                        new BuildFailedException(
                                "build failed: Get \"https://registry-1.docker.io"
                                        + "/v2/\": dial tcp: lookup registry-1.docker.io: no such host",
                                "the output above shows the failing step"),
                        "Step 1/4 : FROM heroku/heroku:24-build"));
        BuildRequest request = new BuildRequest(
                        BuildContext.ofDockerfile("FROM heroku/heroku:24-build\n"),
                        "Dockerfile",
                        List.of("app:base"),
                        Map.of(),
                        Labels.of("base"))
                .withPurpose("the base image");

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> engine.build(request, line -> {}));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "failed to build the base image: the image heroku/heroku:24-build is not in the engine and cannot be pulled: "
                        + "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host",
                e.getMessage());
        assertEquals(EngineErrors.STACK_HINT, e.hint());
    }

    @Test
    void aStepFailureAfterTheFromStepKeepsItsWording() {
        BuildFailedException step = new BuildFailedException(
                "build failed: The command '/bin/sh -c cat missing' returned a non-zero code: 1",
                "the output above shows the failing step");
        fake.onBuild(
                request -> true,
                FakeEngine.BuildScript.failing(
                        step, "Step 1/2 : FROM stack:1", "Step 2/2 : RUN cat missing", "cat: missing: not found"));
        BuildRequest request = new BuildRequest(
                BuildContext.ofDockerfile("FROM stack:1\nRUN cat missing\n"),
                "Dockerfile",
                List.of("app:base"),
                Map.of(),
                Labels.of("base"));

        assertEquals(step, assertThrows(SlugbuilderException.class, () -> engine.build(request, line -> {})));
    }
}
