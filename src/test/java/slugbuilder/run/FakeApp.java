package slugbuilder.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import slugbuilder.Cleanup;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.AppManifest;
import slugbuilder.appjson.Script;
import slugbuilder.console.Console;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;

/** An app in a scratch directory started as {@code start} starts it, on the fake engine. */
final class FakeApp {
    final FakeEngine engine = new FakeEngine();
    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    final Cleanup cleanup = Cleanup.registry();
    final Path dir;

    FakeApp(Path dir, String procfile, String appJson) {
        this.dir = dir;
        try {
            Files.writeString(dir.resolve("Procfile"), procfile, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("app.json"), appJson, StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("Dockerfile"),
                    "FROM slugbuilder/stack:bookworm-build\nONBUILD COPY . /app/src\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine.addImage("slugbuilder/stack:bookworm-build", Labels.of("stack"));
    }

    AppIdentity identity() {
        return AppIdentity.of(AppDir.open(dir));
    }

    AppManifest manifest() {
        return AppJson.read(AppDir.open(dir)).base();
    }

    /** start (--all with ALL, else PROCESS), with --formation OVERRIDES, --postdeploy with FORCE. */
    int start(String process, boolean all, List<String> overrides, boolean force, AddonPlan addons) {
        AppDir app = AppDir.open(dir);
        ProcessTypes types = ProcessTypes.read(app, Map.of());
        int port = freePort();
        DynoPlan plan = DynoPlan.of(
                types.procfile(),
                AppRunner.processes(types.procfile(), all, process),
                all,
                manifest().formation(),
                DynoPlan.parseOverrides(overrides),
                port);
        Script postdeploy = manifest().script(Script.POSTDEPLOY).orElse(null);
        AppRunner.Options options = new AppRunner.Options(
                process, all, port, Map.of("A", "1"), false, false, true, addons, postdeploy, force);
        return new AppRunner(engine, console, cleanup)
                .start(AppInputs.read(app), types, plan, options, AppImages.BuildSettings.defaults());
    }

    int start(String process, boolean all) {
        return start(process, all, List.of(), false, AddonPlan.none());
    }

    /** The roles of the containers created, in order. */
    List<String> created() {
        return engine.calls("create").stream().map(c -> c.args().get(0)).toList();
    }

    /**
     * A base port whose dyno ports (base + 100 a process type + 1 a dyno) are free, below the
     * kernel's ephemeral range (32768 up) so an outgoing connection of another test cannot take one.
     */
    private static int freePort() {
        for (int tries = 0; tries < 50; tries++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
            if (IntStream.of(0, 1, 2, 100, 101, 102, 200, 201, 202).allMatch(offset -> free(base + offset))) {
                return base;
            }
        }
        throw new IllegalStateException("no free ports between 20000 and 30300");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
