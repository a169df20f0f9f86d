package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerRuns;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.RunResult;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;

/**
 * Every service kind with a local image, through the real engine: each answers the readiness
 * check of platforms/addons.json, and an app container on the network reaches it by the host
 * name its config var gives. Nothing but the volumes is left, and the test removes those.
 */
class AddonServicesIT {
    private static final AppIdentity APP = new AppIdentity("a0d0e0f00001", "slugbuilder/addons-it-a0d0e0");

    private final ContainerEngine engine = Engine.connect();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    @AfterEach
    void removeVolumes() {
        engine.networksAndVolumes().volumes(APP.appFilter()).forEach(engine.networksAndVolumes()::removeVolume);
        engine.close();
    }

    @Test
    void postgresRedisMysqlAndMemcachedAnswerAndTheAppReachesThemByName() {
        ChosenAddonImages images = ChosenAddonImages.of(
                "postgres=" + Engine.STACK + "-postgres,redis=" + Engine.STACK + "-redis,mysql=" + Engine.STACK
                        + "-mysql,memcached=" + Engine.STACK + "-memcached",
                List.of(),
                AddonCatalog.builtIn());
        AddonPlan plan = AppJsonFixture.plan(
                "{\"addons\": [\"heroku-postgresql\", \"heroku-redis\", \"jawsdb\", \"memcachier\"]}",
                AddonCatalog.builtIn(),
                images);
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(APP, plan);
            assertEquals(
                    List.of(
                            "DATABASE_URL",
                            "HEROKU_POSTGRESQL_AMBER_URL",
                            "JAWSDB_URL",
                            "MEMCACHIER_PASSWORD",
                            "MEMCACHIER_SERVERS",
                            "MEMCACHIER_USERNAME",
                            "REDIS_URL"),
                    services.vars().keySet().stream().sorted().toList());
            for (String kind : List.of("DATABASE", "REDIS", "JAWSDB", "MEMCACHIER")) {
                assertTrue(err.toString().contains("Add-on " + kind + " answers"), err.toString());
            }
            // an app process on the network: the hosts of the URLs resolve and accept connections
            List<String> env = services.vars().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList();
            RunResult reached = ContainerRuns.run(
                    engine,
                    new ContainerSpec(
                                    Engine.STACK,
                                    List.of(
                                            "bash",
                                            "-c",
                                            "for hp in database:5432 redis:6379 jawsdb:3306 $MEMCACHIER_SERVERS; do"
                                                    + " exec 3<>/dev/tcp/${hp%:*}/${hp#*:} || exit 1; done; echo reached"),
                                    null,
                                    env,
                                    null,
                                    Map.of(),
                                    Map.of(),
                                    APP.labels("it"))
                            .withNetwork(services.network()));
            assertEquals(new RunResult(0, "reached\n"), reached);
        }
        assertEquals(List.of(), engine.containers().list(APP.appFilter()), "the scope removed every service");
        assertEquals(List.of(), engine.networksAndVolumes().networks(APP.appFilter()), "and the network");
        assertEquals(
                3,
                engine.networksAndVolumes().volumes(APP.appFilter()).size(),
                "the data stays (memcached keeps none)");
    }

    /**
     * Issue 20: Heroku Postgres requires TLS and Heroku Data for Redis gives a rediss:// URL, so
     * apps connect with sslmode=require or through TLS. Both work from an app's container on the
     * network, plain connections too, and each service keeps its certificate in its data volume:
     * the next start presents the same one.
     */
    @Test
    void postgresAndRedisSpeakTlsAsOnHerokuAndPlainStillWorks() {
        ChosenAddonImages images = ChosenAddonImages.of(
                "postgres=" + Engine.STACK + "-postgres,redis=" + Engine.STACK + "-redis",
                List.of(),
                AddonCatalog.builtIn());
        AddonPlan plan = AppJsonFixture.plan(
                "{\"addons\": [\"heroku-postgresql\", \"heroku-redis\"]}", AddonCatalog.builtIn(), images);
        String postgres = "for mode in require disable; do psql \"$DATABASE_URL?sslmode=$mode\" -tAc"
                + " \"select '$mode:' || ssl from pg_stat_ssl where pid = pg_backend_pid()\" || exit 1; done;"
                + " openssl s_client -starttls postgres -connect database:5432 </dev/null 2>/dev/null"
                + " | openssl x509 -noout -fingerprint -sha256";
        // redis-cli 6.2+ reads rediss://:PASS@ as an empty user name, which Redis refuses: say "default"
        String redis =
                "redis-cli --tls --insecure -u \"${REDIS_URL/rediss:\\/\\/:/rediss://default:}\" ping 2>/dev/null"
                        + " && pass=${REDIS_URL#rediss://:} && REDISCLI_AUTH=${pass%@*} redis-cli -h redis -p 6379 ping"
                        + " && openssl s_client -connect redis:6380 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256";
        List<String> first = tlsAnswers(plan, postgres, redis);
        assertEquals("require:true", first.get(0).lines().findFirst().orElseThrow(), first.get(0));
        assertTrue(
                first.get(0).matches("(?s)require:true\ndisable:false\nsha256 Fingerprint=[0-9A-F:]{95}\n"),
                first.get(0));
        assertTrue(first.get(1).matches("(?s)PONG\nPONG\nsha256 Fingerprint=[0-9A-F:]{95}\n"), first.get(1));
        assertEquals(first, tlsAnswers(plan, postgres, redis), "the next start presents the volume's certificates");
        assertFalse(first.get(0).equals(first.get(1)), "one certificate per volume");
    }

    /** Starts PLAN, runs each client script on the app's network, and stops the services again. */
    private List<String> tlsAnswers(AddonPlan plan, String postgresClient, String redisClient) {
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(APP, plan);
            List<String> env = services.vars().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList();
            assertTrue(services.vars().get("REDIS_URL").matches("rediss://:[^@]+@redis:6380"));
            List<String> answers = new ArrayList<>();
            for (String[] client :
                    List.of(new String[] {"-postgres", postgresClient}, new String[] {"-redis", redisClient})) {
                RunResult result = ContainerRuns.run(
                        engine,
                        new ContainerSpec(
                                        Engine.STACK + client[0],
                                        List.of("bash", "-c", client[1]),
                                        null,
                                        env,
                                        null,
                                        Map.of(),
                                        Map.of(),
                                        APP.labels("it"))
                                .withNetwork(services.network()));
                assertEquals(0, result.exitCode(), result.output());
                answers.add(result.output());
            }
            return answers;
        }
    }

    @Test
    void anOfficialImageThatCannotBePulledGivesWayToTheStacksOwn() {
        // a tag no registry has: the pull fails whether or not this machine reaches Docker Hub
        AddonPlan plan = AppJsonFixture.plan(
                "{\"addons\": [{\"plan\": \"heroku-postgresql\", \"options\": {\"version\": \"no-such-tag-0\"}}]}",
                AddonCatalog.builtIn(),
                ChosenAddonImages.none());
        try (Cleanup scope = Cleanup.registry()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(APP, plan);
            assertTrue(services.vars().containsKey("DATABASE_URL"));
        }
        assertTrue(
                Pattern.compile("note: postgres:no-such-tag-0 cannot be pulled \\(.+\\); the add-on DATABASE runs the"
                                + " stack's own postgres image \\S+-postgres \\(slugbuilder stack build --addons\\)\n")
                        .matcher(err.toString())
                        .find(),
                err.toString());
        assertFalse(err.toString().contains("FROM"), err.toString());
        assertTrue(err.toString().contains("Add-on DATABASE answers"), err.toString());
        assertEquals(List.of(), engine.containers().list(APP.appFilter()));
    }

    @Test
    void aServiceImageWithoutItsReadinessToolFailsAtOnce() {
        // memcached's image runs and stays up as MySQL's (its CMD: MySQL's command is the image's), but has
        // no mysql client to ask it with. (Postgres's and Redis's commands start their own servers now, for TLS.)
        AddonPlan plan = AppJsonFixture.plan(
                "{\"addons\": [\"jawsdb\"]}",
                AddonCatalog.builtIn(),
                ChosenAddonImages.of(null, List.of("jawsdb=" + Engine.STACK + "-memcached"), AddonCatalog.builtIn()));
        long started = System.nanoTime();
        try (Cleanup scope = Cleanup.registry()) {
            SlugbuilderException e = assertThrows(
                    SlugbuilderException.class, () -> new AddonServices(engine, console, scope).up(APP, plan));
            assertEquals(ExitCode.ENGINE, e.exitCode());
            assertEquals(
                    "the add-on JAWSDB (jawsdb, MySQL) cannot be checked: its image " + Engine.STACK
                            + "-memcached has no mysql, which the readiness check runs",
                    e.getMessage());
        }
        assertTrue(System.nanoTime() - started < 30_000_000_000L, "not the 120 s readiness wait");
        assertEquals(List.of(), engine.containers().list(APP.appFilter()), "the scope removed the service");
        assertEquals(List.of(), engine.networksAndVolumes().networks(APP.appFilter()));
    }

    /**
     * The defect of issue 20: an attachment switched from Postgres to MySQL under one "as" had
     * MariaDB initialise itself on Postgres's files. Now the second command is refused, naming
     * the fix, before any service starts, and the data stays as it was.
     */
    @Test
    void anAttachmentSwitchedToAnotherServiceIsRefusedAndItsDataLeftAlone(@TempDir Path scratch) throws IOException {
        Path app = Files.createDirectory(scratch.resolve("switched"));
        AppIdentity identity = AppIdentity.of(AppDir.open(app));
        Map<String, String> images = Map.of(
                ChosenAddonImages.ENVIRONMENT,
                "postgres=" + Engine.STACK + "-postgres,mysql=" + Engine.STACK + "-mysql");
        try {
            Files.writeString(
                    app.resolve("app.json"), "{\"addons\": [{\"plan\": \"heroku-postgresql\", \"as\": \"STORE\"}]}");
            CliProcess postgres = storeShell(app, images, "-tAc", "create table kept (n int); select 1");
            assertEquals(0, postgres.exitCode(), postgres.err());

            Files.writeString(app.resolve("app.json"), "{\"addons\": [{\"plan\": \"jawsdb\", \"as\": \"STORE\"}]}");
            CliProcess mysql = storeShell(app, images, "-e", "select 1");
            assertEquals(125, mysql.exitCode(), mysql.err());
            assertEquals(
                    "error: app.json:1: STORE is jawsdb (mysql) now, but its data volume slugbuilder-" + identity.id()
                            + "-store holds postgres data\n"
                            + "hint: remove the old data with 'slugbuilder clean --volumes', or give the add-on another"
                            + " \"as\" name",
                    mysql.err());
            assertEquals(List.of(), engine.containers().list(identity.appFilter()), "no service started");
            assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()));

            Files.writeString(
                    app.resolve("app.json"), "{\"addons\": [{\"plan\": \"heroku-postgresql\", \"as\": \"STORE\"}]}");
            CliProcess back = storeShell(app, images, "-tAc", "select count(*) from kept");
            assertEquals(0, back.exitCode(), back.err());
            assertEquals("0", back.out().strip(), "Postgres's data is intact");
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--volumes", "--dir", app.toString());
        }
        assertEquals(List.of(), engine.networksAndVolumes().volumes(identity.appFilter()));
    }

    /** {@code addons shell STORE -- ARGS} for the app in APP, with the stack's add-on IMAGES. */
    private static CliProcess storeShell(Path app, Map<String, String> images, String... args) {
        List<String> command = new ArrayList<>(List.of("addons", "shell", "STORE", "--dir", app.toString(), "--"));
        command.addAll(List.of(args));
        return CliProcess.run(Duration.ofMinutes(3), images, command.toArray(String[]::new));
    }
}
