package slugbuilder.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.Procfile;
import slugbuilder.appjson.AppJson;
import slugbuilder.appjson.DynoSize;
import slugbuilder.appjson.FormationEntry;
import slugbuilder.core.Ports;

/**
 * The dynos {@code start} runs: how many of each process type (app.json's {@code formation}, or
 * {@code --formation}), their names (web.1, web.2, worker.1), ports and sizes. Settled before the
 * engine is contacted, so every mistake is found before any slow work.
 *
 * <p>Ports: the process type at position I of the run (the Procfile's order; a type run with
 * quantity 0 keeps its place) gets BASE + 100 × I for its first dyno, and one more for each
 * further dyno: web.1 5006, web.2 5007, worker.1 5106.
 */
public final class DynoPlan {
    /** At most this many dynos of a type: each takes one of the 100 ports its type has. */
    public static final int MAX_QUANTITY = Ports.STEP;

    /** foreman's name for every type the option does not name. */
    static final String ALL = "all";

    private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_-]+)=(\\d{1,9})");

    /**
     * One dyno.
     *
     * @param size the dyno size app.json gives its type; null for none (no memory limit)
     */
    public record PlannedDyno(String type, int index, String command, int port, DynoSize size) {
        public String name() {
            return type + "." + index;
        }
    }

    private final List<PlannedDyno> dynos;
    private final List<String> notes;
    private final List<String> warnings;

    private DynoPlan(List<PlannedDyno> dynos, List<String> notes, List<String> warnings) {
        this.dynos = List.copyOf(dynos);
        this.notes = List.copyOf(notes);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The plan for PROCESSES (the types start runs, in order): with ALL, each type's quantity from
     * OVERRIDES (--formation), else app.json's FORMATION, else 1; without, one dyno unless
     * OVERRIDES says otherwise. Sizes come from FORMATION. PROCFILE's types check both.
     */
    public static DynoPlan of(
            Procfile procfile,
            List<Procfile.Entry> processes,
            boolean all,
            Map<String, FormationEntry> formation,
            Map<String, Integer> overrides,
            int basePort) {
        Ports.requireValid(basePort, 1);
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> types = procfile.entries().stream()
                .map(Procfile.Entry::name)
                .filter(name -> !name.equals(AppRunner.RELEASE))
                .toList();
        overrides.keySet().forEach(type -> requireKnown(type, types));
        formation.values().stream()
                .filter(entry -> !types.contains(entry.type()))
                .forEach(entry -> warnings.add(AppJson.NAME + ":" + entry.line() + ": formation names the process type "
                        + entry.type() + ", which the Procfile lacks (its types: " + String.join(", ", types)
                        + "); it is ignored"));
        List<PlannedDyno> dynos = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Procfile.Entry process = processes.get(i);
            FormationEntry entry = formation.get(process.name());
            int quantity = quantity(process.name(), all, entry, overrides);
            if (quantity == 0) {
                notes.add(process.name() + " has quantity 0 ("
                        + (overrides.containsKey(process.name()) || overrides.containsKey(ALL)
                                ? "--formation"
                                : AppJson.NAME + ":" + entry.line())
                        + "): not run");
            }
            for (int k = 1; k <= quantity; k++) {
                int port = basePort + Ports.STEP * i + (k - 1);
                dynos.add(new PlannedDyno(
                        process.name(), k, process.command(), port, entry == null ? null : entry.size()));
            }
        }
        if (dynos.isEmpty()) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "nothing to run: every process type of this start has quantity 0",
                    "give one a quantity, e.g. --formation web=1");
        }
        int highest = dynos.stream().mapToInt(PlannedDyno::port).max().orElseThrow();
        if (highest > Ports.MAX) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--port " + basePort + ": its " + dynos.size() + " dynos need the ports up to " + highest + " ("
                            + Ports.STEP + " apart per process type, 1 apart per dyno), above " + Ports.MAX,
                    "choose --port " + (basePort - (highest - Ports.MAX)) + " or lower");
        }
        return new DynoPlan(dynos, notes, warnings);
    }

    private static int quantity(String type, boolean all, FormationEntry entry, Map<String, Integer> overrides) {
        if (overrides.containsKey(type)) {
            return overrides.get(type);
        }
        if (overrides.containsKey(ALL)) {
            return overrides.get(ALL);
        }
        if (!all || entry == null || entry.quantity() == null) {
            return 1;
        }
        if (entry.quantity() > MAX_QUANTITY) {
            throw SlugbuilderException.badFile(
                    AppJson.NAME,
                    entry.line(),
                    "formation " + type + ": quantity " + entry.quantity() + " is more than the " + MAX_QUANTITY
                            + " dynos of a type slugbuilder runs on one machine",
                    "lower it, or run fewer here with --formation " + type + "=2");
        }
        return entry.quantity();
    }

    private static void requireKnown(String type, List<String> types) {
        if (type.equals(ALL) || types.contains(type)) {
            return;
        }
        if (type.equals(AppRunner.RELEASE)) {
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "--formation release: the release phase runs once before the dynos, it has no quantity",
                    "leave it out (--no-release skips the release phase)");
        }
        throw new SlugbuilderException(
                ExitCode.USAGE,
                "--formation " + type + ": the Procfile has no process type " + type,
                "its types: " + String.join(", ", types));
    }

    /**
     * The quantities --formation gives (each VALUE a comma-separated list of TYPE=N, as foreman's
     * concurrency: {@code web=2,worker=1}; {@code all=N} for every type not named).
     */
    public static Map<String, Integer> parseOverrides(List<String> values) {
        Map<String, Integer> overrides = new LinkedHashMap<>();
        for (String value : values) {
            for (String pair : value.split(",", -1)) {
                Matcher m = PAIR.matcher(pair.strip());
                if (!m.matches()) {
                    throw new SlugbuilderException(
                            ExitCode.USAGE,
                            "--formation " + value + ": '" + pair + "' is not TYPE=N",
                            "write the quantities as --formation web=2,worker=1");
                }
                int quantity = Integer.parseInt(m.group(2));
                if (quantity > MAX_QUANTITY) {
                    throw new SlugbuilderException(
                            ExitCode.USAGE,
                            "--formation " + pair + ": at most " + MAX_QUANTITY
                                    + " dynos of a type (each takes one of its type's " + Ports.STEP + " ports)",
                            "choose " + m.group(1) + "=" + MAX_QUANTITY + " or fewer");
                }
                overrides.put(m.group(1), quantity);
            }
        }
        return overrides;
    }

    public List<PlannedDyno> dynos() {
        return dynos;
    }

    /** What the plan says once the run begins: types not run. */
    public List<String> notes() {
        return notes;
    }

    /** app.json's formation entries for types the Procfile lacks, each with its line. */
    public List<String> warnings() {
        return warnings;
    }
}
