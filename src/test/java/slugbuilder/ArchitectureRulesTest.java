package slugbuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure rules, read from the sources: which packages may use which library, no cycle
 * between slugbuilder's packages, and small files. A scan of imports and fully qualified names
 * (what ArchUnit would read from the classes, without another dependency for five rules).
 */
class ArchitectureRulesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final int MAX_LINES = 450;
    private static final int MAX_LINES_FOR_ONE = 700;
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(slugbuilder(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    /** A library's packages, and the only slugbuilder packages that may use them. */
    private static final Map<String, Set<String>> LIBRARIES = Map.of(
            "com.github.dockerjava.", Set.of("slugbuilder.engine.docker"),
            "okhttp3.", Set.of("slugbuilder.heroku", "slugbuilder.registry"),
            "okio.", Set.of("slugbuilder.heroku", "slugbuilder.registry"),
            "picocli.", Set.of("slugbuilder.cli"));

    private record Source(Path path, String pkg, String text) {}

    private static List<Source> sources;
    private static Set<String> packages;

    @BeforeAll
    static void read() throws IOException {
        sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String rel = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                try {
                    sources.add(new Source(f, rel, Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
    }

    @Test
    void eachLibraryIsUsedOnlyByItsAdapter() {
        List<String> violations = new ArrayList<>();
        for (Source source : sources) {
            for (String imported : imports(source)) {
                LIBRARIES.forEach((library, allowed) -> {
                    if (imported.startsWith(library) && !allowed.contains(source.pkg())) {
                        violations.add(MAIN.relativize(source.path()) + " imports " + imported + " (only " + allowed
                                + " may)");
                    }
                });
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The use cases of the commands: each depends on the shared core, never on another. */
    private static final Set<String> COMMAND_PACKAGES = Set.of(
            "slugbuilder.init",
            "slugbuilder.citest",
            "slugbuilder.run",
            "slugbuilder.release",
            "slugbuilder.dockerdeploy",
            "slugbuilder.stack");

    @Test
    void slugbuildersPackagesFormNoCycle() {
        List<List<String>> cycles = new Cycles(uses()).find();
        assertEquals(List.of(), cycles, "package cycles (each list is one strongly connected group)");
    }

    @Test
    void commandPackagesShareTheCoreNotEachOther() {
        List<String> violations = new ArrayList<>();
        uses().forEach((pkg, used) -> {
            if (COMMAND_PACKAGES.contains(pkg)) {
                used.stream()
                        .filter(COMMAND_PACKAGES::contains)
                        .forEach(other -> violations.add(pkg + " uses " + other));
            }
        });
        assertEquals(List.of(), violations, "what two commands share belongs in slugbuilder.core");
    }

    /** Which of slugbuilder's packages each package uses, by imports and fully qualified names. */
    private static Map<String, Set<String>> uses() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Source source : sources) {
            Set<String> used = uses.computeIfAbsent(source.pkg(), p -> new TreeSet<>());
            List<String> names = new ArrayList<>(imports(source));
            Matcher qualified = QUALIFIED.matcher(source.text());
            while (qualified.find()) {
                names.add(qualified.group(1) + ".X");
            }
            for (String name : names) {
                String pkg = name.substring(0, name.lastIndexOf('.'));
                while (!packages.contains(pkg) && pkg.contains(".")) {
                    pkg = pkg.substring(0, pkg.lastIndexOf('.')); // a nested class: Outer.Inner
                }
                if (packages.contains(pkg) && !pkg.equals(source.pkg()) && name.startsWith("slugbuilder.")) {
                    used.add(pkg);
                }
            }
        }
        return uses;
    }

    @Test
    void filesStaySmall() {
        Map<String, Integer> big = new TreeMap<>();
        for (Source source : sources) {
            int lines = (int) source.text().lines().count();
            if (lines > MAX_LINES) {
                big.put(MAIN.relativize(source.path()).toString(), lines);
            }
        }
        assertTrue(
                big.size() <= 1 && big.values().stream().allMatch(n -> n <= MAX_LINES_FOR_ONE),
                "at most one main file over " + MAX_LINES + " lines, and none over " + MAX_LINES_FOR_ONE + ": " + big);
    }

    private static List<String> imports(Source source) {
        List<String> names = new ArrayList<>();
        Matcher m = IMPORT.matcher(source.text());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
    private static final class Cycles {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> cycles = new ArrayList<>();

        Cycles(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<List<String>> find() {
            edges.keySet().forEach(v -> {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            });
            return cycles;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            onStack.add(v);
            for (String w : edges.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> component = new ArrayList<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    cycles.add(component.stream().sorted().toList());
                }
            }
        }
    }
}
