package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerNamesTest {
    private static final List<String> TRIGGERS =
            List.of("COPY package.json /app/src/", "RUN npm ci", "COPY . /app/src/", "RUN npm run build");

    private static List<String> annotate(String... engineOutput) {
        List<String> out = new ArrayList<>();
        TriggerNames names = new TriggerNames(TRIGGERS, out::add);
        for (String line : engineOutput) {
            names.accept(line);
        }
        return out.stream().filter(l -> l.startsWith("ONBUILD")).toList();
    }

    @Test
    void cachedStepsAreNamedAsTheyComeAndTheRestAtTheFirstMiss() {
        // what the engine prints: two cache hits, then a COPY that prints nothing, then a RUN
        assertEquals(
                List.of(
                        "ONBUILD 1/4: COPY package.json /app/src/  (cached)",
                        "ONBUILD 2/4: RUN npm ci  (cached)",
                        "ONBUILD 3/4: COPY . /app/src/",
                        "ONBUILD 4/4: RUN npm run build"),
                annotate(
                        "Step 1/2 : FROM base",
                        "# Executing 4 build triggers",
                        " ---> Using cache",
                        " ---> Using cache",
                        " ---> Running in 0123456789ab",
                        "build output",
                        "Removing intermediate container 0123456789ab"));
    }

    @Test
    void everythingCachedNamesEveryStepAsCached() {
        assertEquals(
                4,
                annotate(
                                "# Executing 4 build triggers",
                                " ---> Using cache",
                                " ---> Using cache",
                                " ---> Using cache",
                                " ---> Using cache",
                                " ---> 0123456789ab")
                        .stream()
                        .filter(l -> l.endsWith("(cached)"))
                        .count());
    }

    @Test
    void outputWithoutTriggersPassesThroughUnchanged() {
        List<String> out = new ArrayList<>();
        new TriggerNames(List.of(), out::add).accept(" ---> Using cache");
        assertEquals(List.of(" ---> Using cache"), out);
    }
}
