package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.Cleanup;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.fake.FakeEngine;

/** {@code addons shell} on the fake engine: what the client container is given. */
class AddonToolsTest {
    private static final AppIdentity APP = new AppIdentity("bbbbbbbbbbbb", "slugbuilder/app-bbbbbb");

    private final FakeEngine engine = new FakeEngine();
    private final Console console =
            new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));

    private static boolean isShell(ContainerSpec spec) {
        return spec.role().endsWith(" shell");
    }

    /**
     * Redis's client authenticates as the default user (REDISCLI_AUTH: redis-cli's URL form sends
     * an empty user name, which Redis 6.2 and later refuse), and no client gets its password on
     * its command line; the arguments after -- follow the connection options.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "heroku-redis | REDIS | redis | ping | redis-cli;-h;redis;-p;6379;ping | REDISCLI_AUTH",
                "rediscloud | REDISCLOUD | redis | ping | redis-cli;-h;rediscloud;-p;6379;ping | REDISCLI_AUTH",
                "redistogo | REDISTOGO | redis | ping | redis-cli;-h;redistogo;-p;6379;ping | REDISCLI_AUTH",
                "heroku-postgresql | DATABASE | postgres | -c;select 1 | psql;-h;database;-U;app;database;-c;select 1"
                        + " | PGPASSWORD",
                "jawsdb | JAWSDB | mysql | -e;select 1 | mysql;-h;jawsdb;-u;app;jawsdb;-e;select 1 | MYSQL_PWD"
            })
    void theClientGetsItsPasswordInItsEnvironmentAndTheArgumentsAfterItsOptions(
            String addon, String attachment, String image, String args, String command, String passwordVar) {
        engine.addImage(image, Map.of());
        engine.exitOnStart(AddonToolsTest::isShell, 7, "answer");
        AddonPlan plan = AppJsonFixture.plan(
                "{\"addons\": [\"" + addon + "\"]}", AddonCatalog.builtIn(), ChosenAddonImages.none());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (Cleanup registry = Cleanup.registry()) {
            code = new AddonTools(engine, console, registry)
                    .shell(
                            APP,
                            plan,
                            addon,
                            List.of(args.split(";")),
                            false,
                            new ByteArrayInputStream(new byte[0]),
                            out,
                            new ByteArrayOutputStream());
        }
        assertEquals(7, code, "the client's exit code");
        assertEquals("answer\n", out.toString(StandardCharsets.UTF_8));
        String password = engine.volumeLabels()
                .get("slugbuilder-" + APP.id() + "-" + attachment.toLowerCase(Locale.ROOT))
                .get(AddonServices.PASSWORD_LABEL);
        ContainerSpec shell = engine.createdSpecs().stream()
                .filter(AddonToolsTest::isShell)
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(command.split(";")), shell.command());
        assertTrue(
                shell.env().contains(passwordVar + "=" + password), shell.env().toString());
        assertFalse(String.join(" ", shell.command()).contains(password), "no password on the command line");
        assertEquals(Map.of(), engine.liveContainers(), "the shell and the service it started are gone");
    }
}
