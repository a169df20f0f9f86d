package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.PullFailedException;
import slugbuilder.engine.RunResult;
import slugbuilder.engine.fake.FakeEngine;

/** Add-on services: network, volumes, readiness and what is left behind, on the fake engine. */
class AddonServicesTest {
    private static final AppIdentity APP = new AppIdentity("aaaaaaaaaaaa", "slugbuilder/app-aaaaaa");

    private final FakeEngine engine = new FakeEngine();

    @TempDir
    Path locks;

    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    private static AddonPlan plan(String json) {
        return AppJsonFixture.plan(json, AddonCatalog.builtIn(), ChosenAddonImages.none());
    }

    private AddonServices services(Cleanup scope, Duration timeout) {
        return new AddonServices(engine, console, scope, timeout, d -> {}, locks);
    }

    private static boolean isPostgres(ContainerSpec spec) {
        return spec.image().equals("postgres");
    }

    @Test
    void startsEachServiceOnTheAppsNetworkWithItsVolumeAndWaitsUntilItAnswers() {
        engine.addImage("postgres", Map.of());
        engine.addImage("redis", Map.of());
        engine.onExec(
                AddonServicesTest::isPostgres, new RunResult(2, "no"), new RunResult(2, "no"), new RunResult(0, "1"));
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services services = services(scope, Duration.ofSeconds(30))
                    .up(APP, plan("{\"addons\": [\"heroku-postgresql\", \"heroku-redis\"]}"));

            assertEquals("slugbuilder-aaaaaaaaaaaa", services.network().name());
            assertEquals(List.of("slugbuilder-aaaaaaaaaaaa"), engine.networks(APP.appFilter()));
            String password = services.vars().get("REDIS_URL").replaceAll("^rediss://:(.*)@redis:6380$", "$1");
            assertEquals(32, password.length());
            String pgPassword = engine.volumeLabels()
                    .get("slugbuilder-aaaaaaaaaaaa-database")
                    .get(AddonServices.PASSWORD_LABEL);
            assertEquals(
                    "postgres://app:" + pgPassword + "@database:5432/database",
                    services.vars().get("DATABASE_URL"));
            ContainerSpec pg = engine.createdSpecs().get(0);
            assertEquals(List.of("database"), pg.network().aliases());
            assertEquals(Map.of("slugbuilder-aaaaaaaaaaaa-database", "/var/lib/postgresql/data"), pg.volumes());
            assertTrue(pg.env().contains("POSTGRES_PASSWORD=" + pgPassword));
            assertEquals(
                    3,
                    engine.calls("exec").stream()
                            .filter(c -> c.args().get(1).contains("psql -h 127.0.0.1"))
                            .count(),
                    "postgres was asked until its query worked");
        }
        assertEquals(Map.of(), engine.liveContainers(), "the scope removes the services");
        assertEquals(List.of(), engine.networks(Map.of()), "and the network it created");
        assertEquals(2, engine.volumeLabels().size(), "the data stays");
    }

    @Test
    void aRestartReusesTheVolumesPassword() {
        engine.addImage("postgres", Map.of());
        String first;
        try (Cleanup scope = Cleanup.registry()) {
            first = services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}"))
                    .vars()
                    .get("DATABASE_URL");
        }
        try (Cleanup scope = Cleanup.registry()) {
            assertEquals(
                    first,
                    services(scope, Duration.ofSeconds(5))
                            .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}"))
                            .vars()
                            .get("DATABASE_URL"));
        }
        assertEquals(1, engine.calls("createVolume").size());
    }

    @Test
    void keptServicesStayAndAreReusedByTheNextCommand() {
        engine.addImage("redis", Map.of());
        try (Cleanup scope = Cleanup.registry()) {
            services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-redis\"]}"))
                    .keep();
        }
        assertEquals(1, engine.liveContainers().size());
        try (Cleanup scope = Cleanup.registry()) {
            services(scope, Duration.ofSeconds(5)).up(APP, plan("{\"addons\": [\"heroku-redis\"]}"));
        }
        assertEquals(1, engine.calls("create").size(), "the running service is reused");
        assertEquals(1, engine.liveContainers().size(), "and left to the command that started it");
        assertTrue(err.toString().contains("already running"), err.toString());
    }

    /**
     * REDIS_URL is Heroku's rediss:// once the TLS port answers; an image that could not make a
     * certificate (no openssl) gets the plain URL and a warning, never a URL whose port is closed.
     */
    @Test
    void redisWithoutItsTlsPortGetsThePlainUrlAndAWarning() {
        engine.addImage("redis", Map.of());
        engine.onExec(s -> s.image().equals("redis"), new RunResult(0, "PONG"), new RunResult(1, ""));
        try (Cleanup scope = Cleanup.registry()) {
            Map<String, String> vars = services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-redis\"]}"))
                    .vars();
            assertTrue(vars.get("REDIS_URL").matches("redis://:[0-9a-f]{32}@redis:6379"), vars.toString());
        }
        List<FakeEngine.Call> probes = engine.calls("exec").stream()
                .filter(call -> call.args().get(1).contains("--tls --insecure -h 127.0.0.1 -p 6380 ping"))
                .toList();
        assertEquals(1, probes.size(), engine.calls("exec").toString());
        assertTrue(
                err.toString()
                        .contains("warning: the add-on REDIS (heroku-redis, Redis) answers without TLS on its image"
                                + " redis (it has no openssl to make a certificate with, or a client without TLS);"
                                + " REDIS_URL gives its plain URL, not Heroku's TLS one"),
                err.toString());
    }

    @Test
    void redisThatAnswersOnItsTlsPortGetsHerokusRedissUrl() {
        engine.addImage("redis", Map.of());
        try (Cleanup scope = Cleanup.registry()) {
            Map<String, String> vars = services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-redis\", \"rediscloud\"]}"))
                    .vars();
            assertTrue(vars.get("REDIS_URL").matches("rediss://:[0-9a-f]{32}@redis:6380"), vars.toString());
            assertTrue(vars.get("REDISCLOUD_URL").matches("redis://:[0-9a-f]{32}@rediscloud:6379"), vars.toString());
        }
        assertEquals(
                1,
                engine.calls("exec").stream()
                        .filter(call -> call.args().get(1).contains("-p 6380 ping"))
                        .count(),
                "only heroku-redis's URL needs the TLS port");
        assertFalse(err.toString().contains("without TLS"), err.toString());
    }

    @Test
    void aServiceThatEndsBeforeItAnswersShowsItsLastOutputAndLeavesNothing() {
        engine.addImage("postgres", Map.of());
        engine.exitOnStart(AddonServicesTest::isPostgres, 1, "initdb: error: could not create directory", "bye");
        SlugbuilderException e;
        try (Cleanup scope = Cleanup.registry()) {
            e = assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}")));
        }
        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertTrue(
                e.getMessage().contains("DATABASE (heroku-postgresql, PostgreSQL) ended before it answered"),
                e.getMessage());
        assertTrue(err.toString().contains("initdb: error: could not create directory"), err.toString());
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(List.of(), engine.networks(Map.of()));
    }

    @Test
    void aServiceThatNeverAnswersTimesOut() {
        engine.addImage("redis", Map.of());
        engine.onExec(s -> true, new RunResult(1, "Could not connect"));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ZERO)
                    .up(APP, plan("{\"addons\": [\"heroku-redis\"]}")));
            assertTrue(e.getMessage().endsWith("did not answer within 0 s"), e.getMessage());
        }
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void aMissingImageIsPulledAndAFailedPullPointsAtTheLocalImages() {
        try (Cleanup scope = Cleanup.registry()) {
            services(scope, Duration.ofSeconds(5)).up(APP, plan("{\"addons\": [\"heroku-redis\"]}"));
        }
        assertEquals(1, engine.calls("pull").size());

        FakeEngine offline = new FakeEngine();
        offline.failNext("pull", new PullFailedException("postgres", "no route", null));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new AddonServices(
                            offline, console, scope, Duration.ofSeconds(5), d -> {}, locks)
                    .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}")));
            assertTrue(e.hint().contains("stack build --addons"), e.hint());
            assertTrue(e.hint().contains("--addon-image postgres="), e.hint());
        }
        assertEquals(List.of(), offline.networks(Map.of()), "no half-created network");
    }

    @Test
    void aFailedPullNamesTheAddonAndItsImageNotAFromLine() {
        engine.failNext("pull", new PullFailedException("postgres", "pull access denied for postgres", null));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(5))
                            .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}")));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertEquals(
                    "failed to pull postgres, the image of the add-on DATABASE (heroku-postgresql): pull access denied"
                            + " for postgres",
                    e.getMessage());
            assertEquals(
                    "where images cannot be pulled, build local ones with 'slugbuilder stack build --addons'; they are"
                            + " used when present (or choose one with --addon-image postgres=IMAGE)",
                    e.hint());
        }
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void whenTheOfficialImageCannotBePulledTheStacksOwnRunsWithANote() {
        Map<String, String> stackLabels =
                Map.of("slugbuilder", "true", "slugbuilder.kind", "addon", "slugbuilder.addon", "postgres");
        engine.addImage("slugbuilder/stack:bookworm-postgres", stackLabels);
        engine.addImage(
                "slugbuilder/stack:bookworm-redis",
                Map.of("slugbuilder", "true", "slugbuilder.kind", "addon", "slugbuilder.addon", "redis"));
        engine.failNext("pull", new PullFailedException("postgres", "pull access denied for postgres", null));
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services services = services(scope, Duration.ofSeconds(5))
                    .up(
                            APP,
                            plan(
                                    "{\"addons\": [{\"plan\": \"heroku-postgresql\", \"options\": {\"version\": \"16\"}}]}"));
            assertTrue(services.vars().containsKey("DATABASE_URL"));
            assertEquals(
                    "slugbuilder/stack:bookworm-postgres",
                    engine.createdSpecs().get(0).image());
        }
        assertTrue(
                err.toString()
                        .contains("note: postgres:16 cannot be pulled (pull access denied for postgres); the add-on"
                                + " DATABASE runs the stack's own postgres image slugbuilder/stack:bookworm-postgres"
                                + " (slugbuilder stack build --addons)\n"),
                err.toString());
        assertTrue(
                err.toString()
                        .contains("Started add-on DATABASE (heroku-postgresql, PostgreSQL) from"
                                + " slugbuilder/stack:bookworm-postgres"),
                err.toString());
    }

    @Test
    void anImageTheUserChoseIsNeverReplaced() {
        engine.addImage(
                "slugbuilder/stack:bookworm-postgres",
                Map.of("slugbuilder", "true", "slugbuilder.kind", "addon", "slugbuilder.addon", "postgres"));
        engine.failNext("pull", new PullFailedException("example/pg:1", "not found", null));
        AddonPlan chosen = AppJsonFixture.plan(
                "{\"addons\": [\"heroku-postgresql\"]}",
                AddonCatalog.builtIn(),
                ChosenAddonImages.of(null, List.of("heroku-postgresql=example/pg:1"), AddonCatalog.builtIn()));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(5))
                            .up(APP, chosen));
            assertEquals(
                    "failed to pull example/pg:1, the image of the add-on DATABASE (heroku-postgresql): not found",
                    e.getMessage());
            assertEquals(
                    "check the image chosen for heroku-postgresql (--addon-image or SLUGBUILDER_ADDON_IMAGES)",
                    e.hint());
        }
        assertEquals(List.of(), engine.createdSpecs());
    }

    @Test
    void anImageWithoutItsReadinessToolFailsAtOnceNamingIt() {
        engine.addImage("postgres", Map.of());
        engine.onExec(AddonServicesTest::isPostgres, new RunResult(1, "bash: line 1: psql: command not found\n"));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(120))
                            .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}")));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertEquals(
                    "the add-on DATABASE (heroku-postgresql, PostgreSQL) cannot be checked: its image postgres has no"
                            + " psql, which the readiness check runs",
                    e.getMessage());
            assertEquals(
                    "choose an image of PostgreSQL that has psql (the official postgres image, or 'slugbuilder stack"
                            + " build --addons')",
                    e.hint());
        }
        assertEquals(1, engine.calls("exec").size(), "asked once, not for 120 s");
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void anImageWithoutBashFailsAtOnceToo() {
        engine.addImage("redis", Map.of());
        engine.onExec(
                s -> true,
                new RunResult(
                        126,
                        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable"
                                + " file not found in $PATH: unknown\r\n"));
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e =
                    assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(120))
                            .up(APP, plan("{\"addons\": [\"heroku-redis\"]}")));
            assertTrue(
                    e.getMessage().endsWith("its image redis has no bash, which the readiness check runs"),
                    e.getMessage());
        }
    }

    @Test
    void interruptedWhileWaitingLeavesNoContainerAndNoNetwork() throws Exception {
        engine.addImage("postgres", Map.of());
        engine.onExec(s -> true, new RunResult(2, "starting"));
        FakeEngine.Gate waiting = engine.block("exec");
        Cleanup registry = Cleanup.registry();
        Thread command = new Thread(() -> {
            try {
                new AddonServices(
                                engine, console, registry.scope(), Duration.ofSeconds(30), d -> Thread.sleep(5), locks)
                        .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}"));
            } catch (SlugbuilderException expected) {
                // the container went from under it
            }
        });
        command.start();
        waiting.awaitEntered();
        registry.close(); // what the shutdown hook does on Ctrl-C
        waiting.release();
        command.join(10_000);
        assertFalse(command.isAlive());
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(List.of(), engine.networks(Map.of()));
        assertEquals(1, engine.volumeLabels().size(), "data volumes stay");
    }

    @Test
    void anAppWithoutAddonsGetsNoNetwork() {
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services none = services(scope, Duration.ofSeconds(5)).up(APP, AddonPlan.none());
            assertNull(none.network());
            assertEquals(Map.of(), none.vars());
        }
        assertEquals(List.of(), engine.calls("ensureNetwork"));
    }

    @Test
    void anAttachmentSwitchedToAnotherServiceIsRefusedBeforeAnythingStarts() {
        engine.addImage("postgres", Map.of());
        engine.addImage("mysql", Map.of());
        try (Cleanup scope = Cleanup.registry()) {
            services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [{\"plan\": \"heroku-postgresql\", \"as\": \"STORE\"}]}"));
        }
        assertEquals(
                "postgres",
                engine.volumeLabels().get("slugbuilder-aaaaaaaaaaaa-store").get(AddonVolumes.SERVICE_LABEL),
                "the volume records the service that made it");
        int created = engine.calls("create").size();

        SlugbuilderException e;
        try (Cleanup scope = Cleanup.registry()) {
            e = assertThrows(SlugbuilderException.class, () -> services(scope, Duration.ofSeconds(5))
                    .up(APP, plan("{\"addons\": [\"heroku-redis\",\n {\"plan\": \"jawsdb\", \"as\": \"STORE\"}]}")));
        }
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "app.json:2: STORE is jawsdb (mysql) now, but its data volume slugbuilder-aaaaaaaaaaaa-store holds"
                        + " postgres data",
                e.getMessage());
        assertEquals(
                "remove the old data with 'slugbuilder clean --volumes', or give the add-on another \"as\" name",
                e.hint());
        assertEquals(created, engine.calls("create").size(), "no service started, not even redis before it");
        assertEquals(List.of(), engine.calls("pull"), "nothing pulled");
        assertEquals(List.of(), engine.networks(Map.of()), "no network");
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(1, engine.volumeLabels().size(), "the old data is left alone, and no volume is made");
    }

    @Test
    void aVolumeFromBeforeTheServiceLabelIsUsedWithAWarning() {
        engine.addImage("postgres", Map.of());
        engine.createVolume(
                "slugbuilder-aaaaaaaaaaaa-database",
                Map.of(
                        "slugbuilder",
                        "true",
                        AppIdentity.APP_LABEL,
                        APP.id(),
                        AddonServices.ADDON_LABEL,
                        "DATABASE",
                        AddonServices.PASSWORD_LABEL,
                        "oldpassword"));
        try (Cleanup scope = Cleanup.registry()) {
            assertEquals(
                    "postgres://app:oldpassword@database:5432/database",
                    services(scope, Duration.ofSeconds(5))
                            .up(APP, plan("{\"addons\": [\"heroku-postgresql\"]}"))
                            .vars()
                            .get("DATABASE_URL"));
        }
        assertTrue(
                err.toString()
                        .contains("warning: the data volume slugbuilder-aaaaaaaaaaaa-database of DATABASE predates"
                                + " slugbuilder's record of the service that made it; it is used as PostgreSQL data"
                                + " (if it is not, 'slugbuilder clean --volumes' removes it)"),
                err.toString());
    }

    /**
     * Issue 20: two commands of one app at once each made the network and a service. Now the
     * second waits, saying so, while the first sets up (here: blocked in its readiness probe),
     * then reuses the first one's network and service.
     */
    @Test
    void aSecondCommandOfTheAppWaitsForTheFirstOnesSetUpAndReusesIt() throws Exception {
        engine.addImage("redis", Map.of());
        FakeEngine.Gate probing = engine.block("exec");
        StringWriter secondErr = new StringWriter();
        Console secondConsole =
                new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(secondErr, true));
        try (Cleanup first = Cleanup.registry();
                Cleanup second = Cleanup.registry()) {
            Thread firstCommand = new Thread(() -> services(first, Duration.ofSeconds(30))
                    .up(APP, plan("{\"addons\": [\"heroku-redis\"]}"))
                    .keep());
            firstCommand.start();
            probing.awaitEntered();
            Thread secondCommand = new Thread(
                    () -> new AddonServices(engine, secondConsole, second, Duration.ofSeconds(30), d -> {}, locks)
                            .up(APP, plan("{\"addons\": [\"heroku-redis\"]}")));
            secondCommand.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!secondErr.toString().contains("Waiting") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(
                    secondErr
                            .toString()
                            .contains(
                                    "Waiting for another slugbuilder command of this app to finish setting up or stopping it"),
                    secondErr.toString());
            assertEquals(1, engine.calls("ensureNetwork").size(), "the second made nothing while it waited");
            assertEquals(1, engine.calls("create").size());

            probing.release();
            firstCommand.join(10_000);
            secondCommand.join(10_000);
            assertFalse(secondCommand.isAlive());
        }
        assertEquals(1, engine.calls("create").size(), "one service, reused by the second command");
        assertEquals(List.of("slugbuilder-aaaaaaaaaaaa"), engine.networks(Map.of()), "one network");
        assertEquals(1, engine.calls("createVolume").size(), "one volume, one password");
        assertTrue(secondErr.toString().contains("already running"), secondErr.toString());
    }

    @Test
    void aNetworkLeftTwiceIsRepairedWithANote() {
        engine.addImage("redis", Map.of());
        engine.duplicateNetwork("slugbuilder-aaaaaaaaaaaa", APP.labels("network"));
        try (Cleanup scope = Cleanup.registry()) {
            services(scope, Duration.ofSeconds(5)).up(APP, plan("{\"addons\": [\"heroku-redis\"]}"));
            assertEquals(List.of("slugbuilder-aaaaaaaaaaaa"), engine.networks(Map.of()), "one network again");
        }
        assertTrue(
                err.toString()
                        .contains("note: removed the 2 copies of the app's network slugbuilder-aaaaaaaaaaaa that two"
                                + " commands had created at once; it is made again once"),
                err.toString());
        assertEquals(1, engine.calls("create").size(), "the service joins the one network");
    }
}
