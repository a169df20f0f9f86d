package slugbuilder.run;

import com.sun.security.auth.module.UnixSystem;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import slugbuilder.Cleanup;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppImages;
import slugbuilder.core.AppInputs;
import slugbuilder.core.Dyno;
import slugbuilder.core.Ports;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.core.TerminalMode;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerRuns;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;

/**
 * The {@code exec} use case: a one-off command in the app's base image with the app directory
 * mounted at /app/src, run as the host user so that what it writes (node_modules, a lock
 * file) belongs to the user, not to root or the image's user.
 */
public final class ExecRunner {
    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public ExecRunner(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /** The host user as "uid:gid", for the container. */
    public static String hostUser() {
        UnixSystem unix = new UnixSystem();
        return unix.getUid() + ":" + unix.getGid();
    }

    /** Runs ARGS and returns its exit code. */
    public int exec(
            AppInputs inputs,
            List<String> args,
            Map<String, String> vars,
            AddonPlan addons,
            AppImages.BuildSettings settings,
            boolean tty,
            InputStream in,
            OutputStream out,
            OutputStream err) {
        AppDir app = inputs.app();
        AppImages images = new AppImages(engine, console, cleanup, inputs, settings);
        String base = images.base();
        String invocation = UUID.randomUUID().toString();
        Map<String, String> labels = new LinkedHashMap<>(images.identity().labels("exec"));
        labels.put(Labels.RUN, invocation);
        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services = new AddonServices(engine, console, scope).up(images.identity(), addons);
            List<String> env = new ArrayList<>();
            services.withUserVars(vars).forEach((k, v) -> env.add(k + "=" + v));
            return run(base, args, env, labels, invocation, services, app, tty, in, out, err);
        }
    }

    private int run(
            String base,
            List<String> args,
            List<String> env,
            Map<String, String> labels,
            String invocation,
            AddonServices.Services services,
            AppDir app,
            boolean tty,
            InputStream in,
            OutputStream out,
            OutputStream err) {
        // HOME is /app in a dyno, but the host user cannot write there: caches (npm, pip) go to /tmp.
        env.addAll(List.of("HOME=/tmp", "DYNO=run.1", "PORT=" + Ports.DEFAULT));
        if (tty) {
            env.add("TERM=" + System.getenv().getOrDefault("TERM", "xterm"));
        }
        ContainerSpec spec = new ContainerSpec(
                        base,
                        Dyno.exec(args),
                        hostUser(),
                        env,
                        "/app/src",
                        Map.of(),
                        Map.of(app.root().toString(), "/app/src"),
                        labels)
                .withNetwork(services.network())
                .withRole("the exec container")
                .withTerminal(tty);
        try (Cleanup scope = cleanup.scope()) {
            scope.add("the exec container", () -> engine.containers()
                    .list(Map.of(Labels.RUN, invocation))
                    .forEach(id -> engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE)));
            try (TerminalMode raw = tty ? TerminalMode.raw() : TerminalMode.unchanged()) {
                return ContainerRuns.runAttached(engine, spec, in, out, err);
            }
        }
    }
}
