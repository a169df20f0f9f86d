package slugbuilder.core;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.LocalAddon;
import slugbuilder.console.Console;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerRuns;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;

/** {@code slugbuilder addons}: what an app's add-ons are here, and a client shell into one. */
public final class AddonTools {
    private static final String MASK = "****";

    /**
     * Sets the container's terminal to the user's size ($1 rows, $2 columns), then runs the
     * client: the engine leaves a new terminal at 0x0 (psql would page every result) and this
     * port has no resize call. POSIX sh and stty, which every service image has.
     */
    private static final String SIZED = "stty rows \"$1\" cols \"$2\" 2>/dev/null; shift 2; exec \"$@\"";

    private final ContainerEngine engine;
    private final Console console;
    private final Cleanup cleanup;

    public AddonTools(ContainerEngine engine, Console console, Cleanup cleanup) {
        this.engine = engine;
        this.console = console;
        this.cleanup = cleanup;
    }

    /** One line per add-on, in columns: attachment, add-on, image, state, and its URL with the password masked. */
    public List<String> list(AppIdentity identity, AddonPlan plan) {
        plan.warnings().forEach(console::warn);
        List<List<String>> rows = new ArrayList<>();
        for (LocalAddon addon : plan.addons()) {
            rows.add(List.of(addon.attachment(), addon.name(), addon.image(), state(identity, addon), addon.url(MASK)));
        }
        return columns(rows);
    }

    private static List<String> columns(List<List<String>> rows) {
        int[] widths = new int[rows.isEmpty() ? 0 : rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(
                        i == row.size() - 1
                                ? row.get(i)
                                : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private String state(AppIdentity identity, LocalAddon addon) {
        Map<String, String> filter = new LinkedHashMap<>(identity.appFilter());
        filter.put(AddonServices.ADDON_LABEL, addon.attachment());
        if (engine.containers().list(filter).stream().anyMatch(engine.containers()::isRunning)) {
            return "running";
        }
        return engine.networksAndVolumes()
                        .volume(AddonServices.volume(identity, addon))
                        .isPresent()
                ? "stopped (data kept)"
                : "not created";
    }

    /**
     * Opens NAME's client (psql, redis-cli, mysql) in a one-off container of the service's image on
     * the app's network, starting the services first when they are not running (and stopping what
     * it started afterwards). ARGS go to the client after its connection options (a query, for
     * one-off use without a terminal). Returns the client's exit code.
     */
    public int shell(
            AppIdentity identity,
            AddonPlan plan,
            String name,
            List<String> args,
            boolean tty,
            InputStream in,
            OutputStream out,
            OutputStream err) {
        LocalAddon addon = find(plan, name);
        if (addon.service().shell().isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    addon.attachment() + " (" + addon.service().title() + ") has no shell",
                    "use its URL from 'slugbuilder addons' with your own client");
        }
        try (Cleanup scope = cleanup.scope()) {
            AddonServices.Services services =
                    new AddonServices(engine, console, scope).up(identity, new AddonPlan(List.of(addon), List.of()));
            String password = services.password(addon);
            Map<String, String> labels = new LinkedHashMap<>(identity.labels("addon-shell"));
            String invocation = UUID.randomUUID().toString();
            labels.put(Labels.RUN, invocation);
            List<String> env = new ArrayList<>();
            addon.shellEnv(password).forEach((k, v) -> env.add(k + "=" + v));
            if (tty) {
                env.add("TERM=" + System.getenv().getOrDefault("TERM", "xterm"));
            }
            List<String> command = new ArrayList<>();
            if (tty) {
                TerminalMode.size()
                        .ifPresent(size -> command.addAll(List.of("sh", "-c", SIZED, "sh", size[0], size[1])));
            }
            command.addAll(addon.shell(password));
            command.addAll(args);
            ContainerSpec spec = new ContainerSpec(addon.image(), command, null, env, null, Map.of(), Map.of(), labels)
                    .withNetwork(services.network())
                    .withRole("the " + addon.attachment() + " shell")
                    .withTerminal(tty);
            scope.add("the add-on shell", () -> engine.containers()
                    .list(Map.of(Labels.RUN, invocation))
                    .forEach(id -> engine.containers().stopAndRemove(id, ProcessSupervisor.GRACE)));
            try (TerminalMode raw = tty ? TerminalMode.raw() : TerminalMode.unchanged()) {
                return ContainerRuns.runAttached(engine, spec, in, out, err);
            }
        }
    }

    private static LocalAddon find(AddonPlan plan, String name) {
        String wanted = name.toUpperCase(Locale.ROOT).replace('-', '_');
        List<LocalAddon> matches = plan.addons().stream()
                .filter(a -> a.attachment().equals(wanted)
                        || a.name().equalsIgnoreCase(name)
                        || a.kind().equalsIgnoreCase(name))
                .toList();
        List<LocalAddon> exact =
                matches.stream().filter(a -> a.attachment().equals(wanted)).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String known = String.join(
                ", ", plan.addons().stream().map(LocalAddon::attachment).toList());
        throw new SlugbuilderException(
                ExitCode.USAGE,
                matches.isEmpty()
                        ? "no add-on '" + name + "' in app.json"
                        : "'" + name + "' names more than one add-on",
                known.isEmpty() ? "app.json lists no add-on that runs here" : "name one of: " + known);
    }
}
