package slugbuilder.run;

import java.util.List;
import java.util.Map;
import slugbuilder.Cleanup;
import slugbuilder.appjson.DynoSize;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.ProcessSupervisor;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;

/**
 * A command run to completion in its own dyno beside the app's add-ons, as Heroku runs the release
 * phase and app.json's scripts: the app's config vars, {@code DYNO=NAME.1}, no port, its output
 * prefixed NAME, and removed when it ends (or on Ctrl-C).
 */
final class OneOffDyno {
    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;
    private final String image;
    private final Map<String, String> vars;
    private final Map<String, String> binds;
    private final AppIdentity identity;
    private final AddonServices.Services services;

    OneOffDyno(
            ContainerEngine engine,
            Console console,
            Cleanup cleanup,
            String image,
            Map<String, String> vars,
            Map<String, String> binds,
            AppIdentity identity,
            AddonServices.Services services) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
        this.image = image;
        this.vars = vars;
        this.binds = binds;
        this.identity = identity;
        this.services = services;
    }

    /** Runs COMMAND as NAME on a dyno of SIZE (null: no memory limit); returns its exit code. */
    int run(String name, String command, DynoSize size) {
        ContainerSpec spec = DynoSpecs.spec(
                image,
                command,
                vars,
                List.of("DYNO=" + name + ".1"),
                Map.of(),
                binds,
                identity.labels(name),
                services,
                size);
        return new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(new ProcessSupervisor.Launch(name, command, spec, 0, id -> {}, size)),
                        ProcessSupervisor.Mode.FOREGROUND,
                        AppRunner.START_STOP);
    }
}
