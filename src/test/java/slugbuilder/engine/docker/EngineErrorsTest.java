package slugbuilder.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.engine.BuildFailedException;
import slugbuilder.engine.PushFailedException;

/**
 * The translation table, fed what docker-java and its transport really throw (messages as the
 * engine 20.10 sends them; docker-java prefixes "Status N: " to the response body).
 */
class EngineErrorsTest {
    private static final String HOST = "unix:///var/run/docker.sock";
    private final EngineErrors errors = new EngineErrors(HOST, () -> false);
    private final EngineErrors exiting = new EngineErrors(HOST, () -> true);
    private static final EngineErrors.BuildSite BUILD = new EngineErrors.BuildSite("Dockerfile", null);

    private static BuildFailedException stepFailed(String engineMessage) {
        return new BuildFailedException("build failed: " + engineMessage, "the output above shows the failing step");
    }

    @Test
    void anyEngineErrorSaysWhatSlugbuilderWasDoing() {
        SlugbuilderException e = errors.translate(
                "create the web.1 container", new EngineRefusal(500, "{\"message\":\"something odd\"}\n"));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals("failed to create the web.1 container: something odd", e.getMessage());
        assertNull(e.hint());
    }

    @Test
    void otherRefusalsAndPlainRuntimeExceptionsAreExit4Too() {
        assertEquals(
                "failed to wait for the web.1 container: No such container: 0123456789ab",
                errors.translate(
                                "wait for the web.1 container",
                                new EngineRefusal(404, "{\"message\":\"No such container: 0123456789ab\"}\n"))
                        .getMessage());
        SlugbuilderException conflict = errors.translate(
                "remove the image x:1",
                new EngineRefusal(
                        409, "{\"message\":\"conflict: unable to remove repository reference \\\"x:1\\\"\"}"));
        assertEquals(
                "failed to remove the image x:1: conflict: unable to remove repository reference \"x:1\"",
                conflict.getMessage());
        SlugbuilderException plain =
                errors.translate("list the images slugbuilder made", new IllegalStateException("odd state"));
        assertEquals(ExitCode.ENGINE, plain.exitCode());
        assertEquals("failed to list the images slugbuilder made: odd state", plain.getMessage());
    }

    @Test
    void aJsonStreamsErrorIsShownAsItsText() {
        SlugbuilderException e = errors.translate(
                "import the image s:1",
                new EngineRefusal(
                        200, "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}"));
        assertEquals("failed to import the image s:1: unexpected EOF", e.getMessage());
    }

    @Test
    void whatTheUserAlreadyUnderstandsPassesUnchanged() {
        SlugbuilderException known = new SlugbuilderException(ExitCode.BAD_INPUT, "the image x has no /app directory");
        assertSame(known, errors.translate("read /app", known));
        BuildFailedException step = stepFailed("The command '/bin/sh -c make' returned a non-zero code: 2");
        assertSame(step, errors.translate("build the base image", step, BUILD));
    }

    @Test
    void anUnreachableEngineSaysHowToStartOneWithoutNamingRepositoryScripts() {
        SlugbuilderException socket = errors.translate(
                "list the containers slugbuilder made",
                new RuntimeException(new SocketException("No such file or directory")));
        assertEquals(
                "failed to list the containers slugbuilder made: cannot reach the Docker engine at " + HOST
                        + ": No such file or directory",
                socket.getMessage());
        assertEquals(ExitCode.ENGINE, socket.exitCode());
        assertTrue(
                socket.hint().contains("DOCKER_HOST")
                        && socket.hint().contains("DOCKER_TLS_VERIFY")
                        && socket.hint().contains("DOCKER_CERT_PATH"),
                socket.hint());
        assertFalse(socket.hint().contains("engine.sh"), socket.hint());
        SlugbuilderException tcp = errors.translate(
                "start the web.1 container",
                new RuntimeException(
                        new ConnectException("Connect to http://127.0.0.1:2375 failed: Connection refused")));
        assertTrue(
                tcp.getMessage().startsWith("failed to start the web.1 container: cannot reach the Docker engine"),
                tcp.getMessage());
    }

    @Test
    void anEngineThatStopsMidCallIsOneLine() {
        SlugbuilderException e = errors.translate(
                "wait for the web.1 container", new RuntimeException(new SocketException("Connection reset")));
        assertEquals(
                "failed to wait for the web.1 container: the Docker engine at " + HOST
                        + " stopped answering: Connection reset",
                e.getMessage());
        SlugbuilderException eof = errors.translate(
                "read /app from the container holding the slug", new UncheckedIOException(new EOFException()));
        assertEquals(ExitCode.ENGINE, eof.exitCode());
        assertTrue(eof.getMessage().endsWith("stopped answering: EOFException"), eof.getMessage());
    }

    @Test
    void aFullDiskSaysSoAndHowToFreeSpace() {
        SlugbuilderException e = errors.translate(
                "build the base image",
                stepFailed(
                        "failed to copy files: write /var/lib/docker/overlay2/x/diff/app/big: no space left on device"),
                BUILD);
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "failed to build the base image: the engine's disk is full: failed to copy files: "
                        + "write /var/lib/docker/overlay2/x/diff/app/big: no space left on device",
                e.getMessage());
        assertTrue(e.hint().contains("docker system prune"), e.hint());
    }

    @Test
    void aBusyPortIsNamedWithExit4() {
        SlugbuilderException proxy = errors.translate(
                "start the web.1 container",
                new EngineRefusal(
                        500,
                        "{\"message\":\"driver failed programming external connectivity on endpoint x (f55e): Error starting userland proxy: "
                                + "listen tcp4 127.0.0.1:5391: bind: address already in use\"}\n"));
        assertEquals(ExitCode.ENGINE, proxy.exitCode());
        assertEquals("failed to start the web.1 container: port 5391 on 127.0.0.1 is busy", proxy.getMessage());
        assertTrue(proxy.hint().contains("--port"), proxy.hint());
        SlugbuilderException allocated = errors.translate(
                "start the worker.1 container",
                new EngineRefusal(
                        500,
                        "{\"message\":\"driver failed programming external connectivity on endpoint y: Bind for 127.0.0.1:5106 failed: "
                                + "port is already allocated\"}"));
        assertEquals("failed to start the worker.1 container: port 5106 on 127.0.0.1 is busy", allocated.getMessage());
    }

    @Test
    void aStackImageThatCannotBePulledIsNamedWithTheWayOut() {
        SlugbuilderException denied = errors.translate(
                "build the base image",
                stepFailed(
                        "pull access denied for heroku/heroku-typo, "
                                + "repository does not exist or may require 'docker login': denied: requested access to the resource is denied"),
                BUILD);
        assertEquals(ExitCode.ENGINE, denied.exitCode());
        assertTrue(
                denied.getMessage()
                        .startsWith("failed to build the base image: the image heroku/heroku-typo is not in the engine "
                                + "and cannot be pulled: pull access denied"),
                denied.getMessage());
        assertEquals(EngineErrors.STACK_HINT, denied.hint());

        SlugbuilderException manifest = errors.translate(
                "build the base image",
                stepFailed("manifest for heroku/heroku:99-build not found: manifest unknown: manifest unknown"),
                BUILD);
        assertTrue(
                manifest.getMessage().contains("the image heroku/heroku:99-build is not in the engine"),
                manifest.getMessage());

        // air-gapped: the engine's message names the registry, not the image; the FROM step in hand does
        SlugbuilderException offline = errors.translate(
                "build the base image",
                stepFailed("Get \"https://registry-1.docker.io/v2/\": "
                        + "dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host"),
                new EngineErrors.BuildSite("Dockerfile", "heroku/heroku:22-build"));
        assertTrue(
                offline.getMessage()
                        .startsWith(
                                "failed to build the base image: the image heroku/heroku:22-build is not in the engine"),
                offline.getMessage());
        assertTrue(
                offline.hint().contains("slugbuilder stack build")
                        && offline.hint().contains("--stack"),
                offline.hint());
    }

    @Test
    void notFoundCountsAsAPullFailureOnlyAtAFromStep() {
        BuildFailedException copy =
                stepFailed("COPY failed: file not found in build context or excluded by .dockerignore: "
                        + "stat package.json: file does not exist");
        assertSame(copy, errors.translate("build the app image", copy, BUILD));
        SlugbuilderException atFrom = errors.translate(
                "build the base image",
                stepFailed("repository example/stack not found"),
                new EngineErrors.BuildSite("Dockerfile", "example/stack"));
        assertEquals(EngineErrors.STACK_HINT, atFrom.hint());
    }

    @Test
    void aDockerfileTheEngineCannotParseIsTheAppsFileWithItsLine() {
        SlugbuilderException old = errors.translate(
                "build the base image",
                new EngineRefusal(
                        400, "{\"message\":\"dockerfile parse error line 9: unknown instruction: BOGUSINSTR\"}\n"),
                BUILD);
        assertEquals(ExitCode.BAD_INPUT, old.exitCode());
        assertEquals("Dockerfile:9: unknown instruction: BOGUSINSTR", old.getMessage());
        assertTrue(old.hint().contains("line 9"), old.hint());
        SlugbuilderException newer = errors.translate(
                "build the base image",
                new EngineRefusal(
                        400,
                        "{\"message\":\"dockerfile parse error on line 3: unknown instruction: RUNN (did you mean run?)\"}"),
                BUILD);
        assertEquals("Dockerfile:3: unknown instruction: RUNN (did you mean run?)", newer.getMessage());
    }

    @Test
    void podmansUnknownInstructionNamesItsLineWithoutTheParsersDump() {
        SlugbuilderException podman = errors.translate(
                "build the base image",
                new BuildFailedException(
                        "build failed: Unknown instruction: \"BOGUSINSTR\" &imagebuilder.Step{Env:[]string{"
                                + "\"PATH=/usr/bin:/bin\"}, Command:\"bogusinstr\", Args:[]string{\"\"},"
                                + " Flags:[]string{}, Attrs:map[string]bool(nil), Message:\"BOGUSINSTR \","
                                + " Original:\"BOGUSINSTR here\"}",
                        "the output above shows the failing step"),
                BUILD);
        assertEquals(ExitCode.BAD_INPUT, podman.exitCode());
        assertEquals(
                "Dockerfile: unknown instruction: BOGUSINSTR (in the line \"BOGUSINSTR here\")", podman.getMessage());
    }

    @Test
    void aContextCutShortByAnUnreadablePathNamesThePath() {
        EngineRefusal engine =
                new EngineRefusal(500, "{\"message\":\"Cannot locate specified Dockerfile: Dockerfile\"}\n");
        SlugbuilderException bare = errors.translate("build the base image", engine, BUILD);
        assertEquals(ExitCode.BAD_INPUT, bare.exitCode());
        assertTrue(bare.getMessage().startsWith("Dockerfile: "), bare.getMessage());
        assertTrue(bare.hint().contains(".dockerignore"), bare.hint());

        EngineRefusal withCause = new EngineRefusal(500, "{\"message\":\"unexpected EOF\"}");
        withCause.addSuppressed(new UncheckedIOException(new AccessDeniedException("/home/me/app/secret")));
        SlugbuilderException named = errors.translate("build the base image", withCause, BUILD);
        assertEquals(ExitCode.BAD_INPUT, named.exitCode());
        assertEquals("/home/me/app/secret: permission denied", named.getMessage());

        SlugbuilderException walkReport = SlugbuilderException.badFile("private", 0, "permission denied", "fix it");
        EngineRefusal reported = new EngineRefusal(500, "{\"message\":\"unexpected EOF\"}");
        reported.addSuppressed(walkReport);
        assertSame(walkReport, errors.translate("build the base image", reported, BUILD));
    }

    @Test
    void whileTheJvmExitsAFailureIsTheInterruptsDoing() {
        SlugbuilderException step = exiting.translate(
                "build the base image",
                stepFailed("The command '/bin/sh -c sleep 100' returned a non-zero code: 137"),
                BUILD);
        assertEquals(ExitCode.INTERRUPTED, step.exitCode());
        assertEquals("interrupted", step.getMessage());
        assertNull(step.hint());
        assertEquals(
                ExitCode.INTERRUPTED,
                exiting.translate(
                                "wait for the web.1 container",
                                new RuntimeException(new SocketException("Socket closed")))
                        .exitCode());
    }

    @Test
    void aCleanupsFailureWhileTheJvmExitsStillSaysWhy() {
        SlugbuilderException e = exiting.translateCleanup(
                "remove the web.1 container",
                new EngineRefusal(500, "{\"message\":\"could not kill running container\"}"));
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals("failed to remove the web.1 container: could not kill running container", e.getMessage());
    }

    @Test
    void aPushTheRegistryRefusesIsExit5AndSaysTheTokenWasRefused() {
        SlugbuilderException e = errors.translate(
                "push 127.0.0.1:5055/my-app/web:latest",
                new PushFailedException("unauthorized: authentication required"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "failed to push 127.0.0.1:5055/my-app/web:latest: the registry refused the token"
                        + " (unauthorized: authentication required)",
                e.getMessage());
        assertTrue(e.hint().contains("HEROKU_API_KEY"));
    }

    @Test
    void aPushThatFailsInTheRegistryOtherwiseIsExit5WithTheRegistrysWords() {
        SlugbuilderException e = errors.translate(
                "push r/my-app/web:latest",
                new PushFailedException("Put \"http://127.0.0.1:5055/v2/my-app/web/blobs/uploads/x\": EOF"));
        assertEquals(ExitCode.PLATFORM_API, e.exitCode());
        assertEquals(
                "failed to push r/my-app/web:latest: the registry stopped answering (Put"
                        + " \"http://127.0.0.1:5055/v2/my-app/web/blobs/uploads/x\": EOF)",
                e.getMessage());
        SlugbuilderException gone = errors.translate(
                "push r/my-app/web:latest",
                new PushFailedException("dial tcp 127.0.0.1:5057: connect: connection refused"));
        assertEquals(ExitCode.PLATFORM_API, gone.exitCode());
        assertTrue(gone.getMessage().contains("the registry stopped answering (dial tcp"), gone.getMessage());
        SlugbuilderException other =
                errors.translate("push r/my-app/web:latest", new PushFailedException("blob upload invalid"));
        assertEquals("failed to push r/my-app/web:latest: blob upload invalid", other.getMessage());
        SlugbuilderException denied = errors.translate(
                "push r/other/web:latest",
                new PushFailedException("denied: requested access to the resource is denied"));
        assertTrue(denied.getMessage().contains("the registry denied access"), denied.getMessage());
        assertEquals(
                ExitCode.INTERRUPTED,
                exiting.translate("push r/x/web:latest", new PushFailedException("context canceled"))
                        .exitCode(),
                "after Ctrl-C a broken push is the interrupt's doing");
    }
}
