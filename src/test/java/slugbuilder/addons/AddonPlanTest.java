package slugbuilder.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.appjson.AppJson;

class AddonPlanTest {
    private static final AddonCatalog CATALOG = AddonCatalog.builtIn();

    private static AddonPlan plan(String json, ChosenAddonImages images) {
        return AddonPlan.of(AppJson.parse("app.json", json).base().addons(), CATALOG, images);
    }

    @Test
    void aMisspelledAddonIsRefusedWithTheNameItMeant() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> plan(
                        "{\"addons\": [\"heroku-redis\",\n {\"plan\": \"heroku-postgressql:essential-0\"}]}",
                        ChosenAddonImages.none()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "app.json:2: there is no add-on heroku-postgressql; did you mean heroku-postgresql?", e.getMessage());
    }

    @Test
    void anAddonFarFromAnyLocalOneIsOnlyWarnedAbout() {
        AddonPlan plan = plan("{\"addons\": [\"papertrail\"]}", ChosenAddonImages.none());
        assertEquals(List.of(), plan.addons());
        assertEquals(
                List.of("app.json:1: the add-on papertrail has no local service; its config vars are not set (set them"
                        + " in .env)"),
                plan.warnings());
    }

    @Test
    void postgresGetsDatabaseUrlAndAColorAndRedisItsUrl() {
        AddonPlan plan =
                plan("{\"addons\": [\"heroku-postgresql:essential-0\", \"heroku-redis\"]}", ChosenAddonImages.none());
        LocalAddon pg = plan.addons().get(0);
        assertEquals("DATABASE", pg.attachment());
        assertEquals("database", pg.host());
        assertEquals("postgres", pg.image());
        assertEquals(
                Map.of(
                        "DATABASE_URL", "postgres://app:pw@database:5432/database",
                        "HEROKU_POSTGRESQL_AMBER_URL", "postgres://app:pw@database:5432/database"),
                pg.vars("pw"));
        assertEquals(
                Map.of("REDIS_URL", "rediss://:pw@redis:6380"),
                plan.addons().get(1).vars("pw"),
                "Heroku Data for Redis's form: TLS with a self-signed certificate, no REDIS_TLS_URL");
        assertEquals("rediss://:pw@redis:6380", plan.addons().get(1).url("pw"), "what 'addons' lists");
    }

    /** Heroku's own Redis speaks TLS; Redis Cloud's and RedisToGo's URLs are plain, as they give them. */
    @Test
    void onlyHerokuRedisGetsTheTlsUrl() {
        AddonPlan plan = plan("{\"addons\": [\"rediscloud\", \"redistogo\"]}", ChosenAddonImages.none());
        assertEquals(
                Map.of("REDISCLOUD_URL", "redis://:pw@rediscloud:6379"),
                plan.addons().get(0).vars("pw"));
        assertEquals(
                Map.of("REDISTOGO_URL", "redis://:pw@redistogo:6379"),
                plan.addons().get(1).vars("pw"));
    }

    /**
     * Redis listens on 6379 (plain: the readiness check, 'addons shell', apps that use redis://)
     * and on 6380 with a certificate made once in its data volume; the password is an argument of
     * the script, never spliced into its text.
     */
    @Test
    void redisServesTlsOn6380WithACertificateKeptInItsVolume() {
        LocalAddon redis = plan("{\"addons\": [\"heroku-redis\"]}", ChosenAddonImages.none())
                .addons()
                .get(0);
        List<String> command = redis.command("s3cret");
        assertEquals(List.of("bash", "-c"), command.subList(0, 2));
        assertEquals(List.of("redis", "s3cret"), command.subList(3, 5));
        String script = command.get(2);
        assertFalse(script.contains("s3cret"), script);
        assertTrue(script.contains("set -- redis-server --requirepass \"$1\" --appendonly yes;"), script);
        assertTrue(
                script.contains("--tls-port 6380 --tls-cert-file $d/redis.crt --tls-key-file $d/redis.key"
                        + " --tls-auth-clients no"),
                script);
        assertTrue(script.startsWith("d=/data/tls; if [ ! -s $d/redis.crt ] && command -v openssl"), script);
        assertTrue(script.contains("-subj /CN=redis -keyout"), script);
        assertTrue(script.endsWith("exec docker-entrypoint.sh \"$@\""), script);
    }

    /**
     * Postgres: a certificate made once per data volume (after initdb, which wants an empty
     * PGDATA, through the entrypoint's initdb.d; on an older volume at its next start), and
     * ssl=on; plain connections keep working, as pg_hba's "host" lines take both.
     */
    @Test
    void postgresTurnsTlsOnWithACertificateInPgdata() {
        LocalAddon pg = plan("{\"addons\": [\"heroku-postgresql\"]}", ChosenAddonImages.none())
                .addons()
                .get(0);
        List<String> command = pg.command("pw");
        assertEquals(3, command.size(), command.toString());
        String script = command.get(2);
        assertTrue(script.contains("-subj /CN=database -keyout"), script);
        assertTrue(
                script.contains("exec docker-entrypoint.sh postgres -c ssl=on -c ssl_cert_file=server.crt"
                        + " -c ssl_key_file=server.key;"),
                script);
        assertTrue(script.contains("> /docker-entrypoint-initdb.d/zz-slugbuilder-tls.sh;"), script);
        assertFalse(script.contains("pw"), "the password travels in POSTGRES_PASSWORD only");
        assertEquals("postgres://app:pw@database:5432/database", pg.url("pw"), "sslmode is the app's choice");
    }

    @Test
    void asNamesTheVariablesAndASecondDatabaseGetsOnlyItsColor() {
        AddonPlan plan = plan(
                "{\"addons\": [\"heroku-postgresql\", {\"plan\": \"heroku-postgresql\", \"as\": \"BACKUP_DATABASE\"},"
                        + " \"heroku-postgresql\"]}",
                ChosenAddonImages.none());
        assertEquals(
                Map.of(
                        "BACKUP_DATABASE_URL", "postgres://app:p@backup-database:5432/backup_database",
                        "HEROKU_POSTGRESQL_BLUE_URL", "postgres://app:p@backup-database:5432/backup_database"),
                plan.addons().get(1).vars("p"));
        assertEquals("HEROKU_POSTGRESQL_BRONZE", plan.addons().get(2).attachment());
        assertEquals(
                Map.of(
                        "HEROKU_POSTGRESQL_BRONZE_URL",
                        "postgres://app:p@heroku-postgresql-bronze:5432/heroku_postgresql_bronze"),
                plan.addons().get(2).vars("p"));
    }

    @Test
    void mysqlMemcachedAndTheVersionOption() {
        AddonPlan plan = plan(
                "{\"addons\": [\"jawsdb\", {\"plan\": \"cleardb\", \"options\": {\"version\": \"8.4\"}}, \"memcachier\"]}",
                ChosenAddonImages.none());
        assertEquals(
                Map.of("JAWSDB_URL", "mysql://app:p@jawsdb:3306/jawsdb"),
                plan.addons().get(0).vars("p"));
        assertEquals("mysql:8.4", plan.addons().get(1).image());
        assertEquals(
                Map.of(
                        "MEMCACHIER_SERVERS", "memcachier:11211",
                        "MEMCACHIER_USERNAME", "",
                        "MEMCACHIER_PASSWORD", ""),
                plan.addons().get(2).vars("p"));
    }

    @Test
    void unknownAddonsAndElasticsearchWithoutAnImageAreWarningsThatNameThem() {
        AddonPlan plan = plan("{\"addons\": [\"papertrail\", \"bonsai\", \"heroku-redis\"]}", ChosenAddonImages.none());
        assertEquals(1, plan.addons().size());
        assertEquals(2, plan.warnings().size());
        assertTrue(
                plan.warnings().get(0).contains("papertrail has no local service"),
                plan.warnings().get(0));
        assertTrue(
                plan.warnings().get(1).contains("--addon-image bonsai=IMAGE"),
                plan.warnings().get(1));
    }

    @Test
    void imagesByAddonWinOverImagesByServiceAndTheOptionOverTheEnvironment() {
        ChosenAddonImages images = ChosenAddonImages.of(
                "postgres=env-pg, heroku-redis=env-redis",
                List.of("heroku-redis=opt-redis", "bonsai=opensearch"),
                CATALOG);
        AddonPlan plan = plan("{\"addons\": [\"heroku-postgresql\", \"heroku-redis\", \"bonsai\"]}", images);
        assertEquals(
                List.of("env-pg", "opt-redis", "opensearch"),
                plan.addons().stream().map(LocalAddon::image).toList());
        assertEquals(
                Map.of("BONSAI_URL", "http://bonsai:9200"), plan.addons().get(2).vars("p"));
    }

    @Test
    void aBadImageChoiceIsAUsageError() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> ChosenAddonImages.of(null, List.of("postgress=x"), CATALOG));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("'postgress' is neither an add-on nor a service"), e.getMessage());
        assertThrows(SlugbuilderException.class, () -> ChosenAddonImages.of("postgres", List.of(), CATALOG));
    }

    @Test
    void twoAddonsAttachedUnderOneNameAreRefused() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> plan(
                        "{\"addons\": [\n\"heroku-redis\",\n{\"plan\": \"heroku-postgresql\", \"as\": \"REDIS\"}]}",
                        ChosenAddonImages.none()));
        assertEquals("app.json:3: a second add-on is attached as REDIS", e.getMessage());
    }
}
