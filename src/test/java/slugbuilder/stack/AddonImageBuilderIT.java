package slugbuilder.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.RunResult;
import slugbuilder.support.Engine;

/**
 * The add-on images 'slugbuilder stack build --addons' made (scripts/stack.sh builds them), run
 * as slugbuilder runs services: the official images' variables and commands, a named volume for
 * the data, checks through {@code bash -c} inside the container. Each must answer its protocol
 * over TCP on the container's own address (where passwords are required), run its server as
 * non-root, and keep its data across a restart on the same volume. Prints how long each took to
 * answer after its start, on an empty volume and on a used one.
 */
class AddonImageBuilderIT {
    private static final Map<String, String> LABELS =
            Map.of("slugbuilder", "true", "slugbuilder.kind", "test", "slugbuilder.test", "addon-images");
    private static final Duration READY_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static ContainerEngine engine;
    private static final List<String> volumes = new ArrayList<>();
    private static final Map<String, String> timings = new TreeMap<>();

    /** A started service container and when it was started. */
    private record Service(String id, long startedNanos) {}

    @BeforeAll
    static void connect() {
        engine = Engine.connect();
    }

    @AfterAll
    static void cleanUp() {
        try {
            engine.containers().list(LABELS).forEach(id -> engine.containers()
                    .stopAndRemove(id, Duration.ofSeconds(5)));
            for (String volume : volumes) {
                Engine.dockerCli("volume", "rm", volume);
            }
            timings.forEach((what, time) -> System.out.println("addon-images: " + what + ": " + time));
        } finally {
            engine.close();
        }
    }

    @Test
    void postgresAnswersWithThePasswordAndKeepsItsDataAcrossARestart() {
        String volume = volume("postgres");
        List<String> env = List.of("POSTGRES_USER=app", "POSTGRES_PASSWORD=pa ss'word", "POSTGRES_DB=appdb");
        Map<String, String> binds = Map.of(volume, "/var/lib/postgresql/data");
        List<String> password = List.of("PGPASSWORD=pa ss'word");
        String query = "psql -h \"$(hostname -i)\" -U app -d appdb -v ON_ERROR_STOP=1 -Atc ";

        Service cold = start("postgres", List.of(), env, binds);
        awaitAnswer("postgres, empty volume", cold, password, query + "'select 1'", "1");
        assertEquals(
                "",
                exec(cold, password, query + "'create table kept (n int); insert into kept values (42)'")
                        .output()
                        .replaceAll("(?m)^(CREATE TABLE|INSERT 0 1)$", "")
                        .strip());
        RunResult wrong = exec(cold, List.of("PGPASSWORD=wrong"), query + "'select 1'");
        assertNotEquals(0, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("password authentication failed"), wrong.output());
        assertEquals("postgres", serverUsers(cold, "postgres"));
        assertEquals(
                "127.0.0.1:5432 - accepting connections",
                exec(cold, List.of(), "pg_isready -h 127.0.0.1").output().strip());
        engine.containers().stopAndRemove(cold.id(), STOP_GRACE);

        Service warm = start("postgres", List.of(), env, binds);
        awaitAnswer("postgres, used volume", warm, password, query + "'select n from kept'", "42");
        String log = String.join("\n", engine.containers().logs(warm.id()));
        assertTrue(log.contains("database system was shut down at"), "a clean shutdown before: " + log);
        assertTrue(!log.contains("initdb") && !log.contains("init process complete"), "no second initdb: " + log);
    }

    @Test
    void redisAnswersPingWithThePasswordAndKeepsItsDataAcrossARestart() {
        String volume = volume("redis");
        List<String> command = List.of("redis-server", "--requirepass", "s3cret", "--appendonly", "yes");
        Map<String, String> binds = Map.of(volume, "/data");
        String cli = "redis-cli -h \"$(hostname -i)\" --no-auth-warning ";

        Service cold = start("redis", command, List.of(), binds);
        awaitAnswer("redis, empty volume", cold, List.of(), cli + "-a s3cret ping", "PONG");
        assertEquals(
                "OK",
                exec(cold, List.of(), cli + "-a s3cret set kept 42").output().strip());
        assertTrue(exec(cold, List.of(), cli + "ping").output().contains("NOAUTH"), "a password is required");
        assertEquals("redis", serverUsers(cold, "redis-server"));
        assertEquals("/data", exec(cold, List.of(), "pwd").output().strip());
        engine.containers().stopAndRemove(cold.id(), STOP_GRACE);

        Service warm = start("redis", command, List.of(), binds);
        awaitAnswer("redis, used volume", warm, List.of(), cli + "-a s3cret get kept", "42");
    }

    @Test
    void mysqlAnswersOverTcpForItsUserAndKeepsItsDataAcrossARestart() {
        String volume = volume("mysql");
        List<String> env = List.of(
                "MYSQL_ROOT_PASSWORD=r00t", "MYSQL_USER=app", "MYSQL_PASSWORD=pa ss'word", "MYSQL_DATABASE=appdb");
        Map<String, String> binds = Map.of(volume, "/var/lib/mysql");
        List<String> password = List.of("MYSQL_PWD=pa ss'word");
        String loopback = "mysql -h127.0.0.1 -uapp appdb -Nse ";
        String address = "mysql -h\"$(hostname -i)\" -uapp appdb -Nse ";

        Service cold = start("mysql", List.of(), env, binds);
        awaitAnswer("mysql, empty volume", cold, password, loopback + "'select 1'", "1");
        assertEquals(
                "",
                exec(cold, password, address + "'create table kept (n int); insert into kept values (42)'")
                        .output()
                        .strip());
        RunResult root = exec(cold, List.of("MYSQL_PWD=r00t"), "mysql -h\"$(hostname -i)\" -uroot -Nse 'select 2'");
        assertEquals("2", root.output().strip(), "root logs in over TCP with its password");
        RunResult wrong = exec(cold, List.of("MYSQL_PWD=wrong"), loopback + "'select 1'");
        assertNotEquals(0, wrong.exitCode(), wrong.output());
        assertEquals("mysql", serverUsers(cold, "mariadbd"));
        engine.containers().stopAndRemove(cold.id(), STOP_GRACE);

        Service warm = start("mysql", List.of(), env, binds);
        awaitAnswer("mysql, used volume", warm, password, address + "'select n from kept'", "42");
    }

    @Test
    void memcachedAnswersVersionOverBashsDevTcp() {
        Service service = start("memcached", List.of(), List.of(), Map.of());
        awaitAnswer(
                "memcached",
                service,
                List.of(),
                "exec 3<>/dev/tcp/$(hostname -i)/11211; printf 'version\\r\\n' >&3; read -r line <&3;"
                        + " echo \"${line%% *}\"",
                "VERSION");
        assertEquals("memcache", serverUsers(service, "memcached"));
    }

    @Test
    void eachImageSaysWhatItIsAndWhatItWasBuiltFrom() {
        for (AddonImageBuilder.Addon addon : AddonImageBuilder.ALL) {
            Map<String, String> labels =
                    engine.images().inspect(image(addon.kind())).labels();
            assertEquals(addon.kind(), labels.get(AddonImageBuilder.ADDON_LABEL), labels.toString());
            assertEquals(
                    AddonImageBuilder.currentHash(),
                    labels.get(AddonImageBuilder.HASH_LABEL),
                    "built from these templates");
            assertEquals(
                    engine.images().imageId(Engine.STACK).orElseThrow(),
                    labels.get(AddonImageBuilder.BASE_LABEL),
                    "built on the current stack image");
        }
    }

    private static String image(String kind) {
        return AddonImageBuilder.tag(Engine.STACK, kind);
    }

    private static String volume(String kind) {
        String name = "slugbuilder-test-addon-" + kind + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        volumes.add(name);
        return name;
    }

    private static Service start(String kind, List<String> command, List<String> env, Map<String, String> binds) {
        ContainerSpec spec = new ContainerSpec(image(kind), command, null, env, null, Map.of(), binds, LABELS)
                .withRole("the " + kind + " service");
        String id = engine.containers().create(spec);
        long started = System.nanoTime();
        engine.containers().start(id);
        return new Service(id, started);
    }

    /** Runs CHECK until it prints EXPECTED; records how long after the start that was. */
    private static void awaitAnswer(String what, Service service, List<String> env, String check, String expected) {
        RunResult last = null;
        while (System.nanoTime() - service.startedNanos() < READY_LIMIT.toNanos()) {
            last = exec(service, env, check);
            if (last.exitCode() == 0 && last.output().strip().equals(expected)) {
                long millis = Duration.ofNanos(System.nanoTime() - service.startedNanos())
                        .toMillis();
                timings.put(what, String.format(Locale.ROOT, "answered %.1f s after its start", millis / 1000.0));
                return;
            }
            if (!engine.containers().isRunning(service.id())) {
                break;
            }
            sleep(200);
        }
        fail(what + " did not answer " + expected + " (last answer: " + last + "); its log:\n"
                + String.join("\n", engine.containers().logs(service.id())));
    }

    /** The users the processes named COMMAND run as, sorted and distinct. */
    private static String serverUsers(Service service, String command) {
        return exec(service, List.of(), "ps -C " + command + " -o user= | sort -u")
                .output()
                .strip();
    }

    /** {@code docker exec} of {@code bash -c SCRIPT} with ENV: how the readiness checks reach a service. */
    private static RunResult exec(Service service, List<String> env, String script) {
        List<String> command = new ArrayList<>(List.of("docker", "exec"));
        env.forEach(variable -> command.addAll(List.of("-e", variable)));
        command.addAll(List.of(service.id(), "bash", "-c", script));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RunResult(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
