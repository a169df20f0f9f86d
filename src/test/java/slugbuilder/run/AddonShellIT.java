package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Terminal;

/**
 * {@code addons shell} into every client (psql, redis-cli, mysql) on the real engine with the
 * images {@code stack build --addons} makes: on a real terminal (a tmux pane) a user types a
 * query and reads its answer, and without one {@code -- ARGS} runs a one-off query. Each Redis
 * add-on authenticates as the default user. Nothing but the volumes is left, and those go.
 */
class AddonShellIT {
    private static final Duration SHELL = Duration.ofMinutes(3);
    private static final Map<String, String> IMAGES = Map.of(
            ChosenAddonImages.ENVIRONMENT,
            "postgres=" + Engine.STACK + "-postgres,redis=" + Engine.STACK + "-redis,mysql=" + Engine.STACK + "-mysql");

    @TempDir
    static Path scratch;

    private static Path app;
    private static ContainerEngine engine;
    private static AppIdentity identity;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        app = Files.createDirectory(scratch.resolve("shells"));
        Files.writeString(
                app.resolve("app.json"),
                "{\"addons\": [\"heroku-postgresql\", \"heroku-redis\", \"rediscloud\", \"redistogo\", \"jawsdb\"]}\n");
        identity = AppIdentity.of(AppDir.open(app));
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--volumes", "--dir", app.toString());
        engine.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DATABASE   | database=#        | select 40+2 as answer; | 42    | \\q",
                "REDIS      | redis:6379>       | ping                   | PONG  | quit",
                "REDISCLOUD | rediscloud:6379>  | ping                   | PONG  | quit",
                "REDISTOGO  | redistogo:6379>   | ping                   | PONG  | quit",
                "JAWSDB     | [jawsdb]>         | select 40+2 as answer; | 42    | exit"
            })
    void onATerminalAUserTypesAQueryAndReadsItsAnswer(
            String attachment, String prompt, String query, String answer, String quit) {
        try (Terminal terminal =
                Terminal.start(scratch, IMAGES, "addons", "shell", attachment, "--dir", app.toString())) {
            terminal.await(prompt, SHELL);
            terminal.type(query);
            terminal.await(answer, Duration.ofSeconds(20));
            terminal.type(quit);
            assertEquals(0, terminal.exitCode(Duration.ofMinutes(1)), terminal.screen());
            assertFalse(terminal.screen().contains("WRONGPASS"), terminal.screen());
        }
        assertEquals(List.of(), engine.containers().list(identity.appFilter()), "the shell and its service are gone");
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()), "and the network");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DATABASE   | -tAc;select 40+2       | 42",
                "REDIS      | ping                   | PONG",
                "REDISCLOUD | ping                   | PONG",
                "JAWSDB     | -N;-e;select 40+2      | 42"
            })
    void argumentsAfterTwoDashesRunAOneOffQueryWithoutATerminal(String attachment, String args, String answer) {
        List<String> command = new ArrayList<>(List.of("addons", "shell", attachment, "--dir", app.toString(), "--"));
        command.addAll(List.of(args.split(";")));
        CliProcess shell = CliProcess.run(SHELL, IMAGES, command.toArray(String[]::new));
        assertEquals(0, shell.exitCode(), shell.err());
        assertEquals(answer, shell.out().strip(), shell.err());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
    }
}
