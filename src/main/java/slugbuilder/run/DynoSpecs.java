package slugbuilder.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import slugbuilder.appjson.DynoSize;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.Dyno;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;

/** A dyno's container, for the processes and the one-off dynos (release phase, postdeploy, pr-predestroy). */
final class DynoSpecs {
    private DynoSpecs() {}

    /**
     * The image's user in /app, HOME=/app, the config vars, then DYNO and PORT; SIZE's memory (null: no
     * limit).
     */
    static ContainerSpec spec(
            String image,
            String command,
            Map<String, String> vars,
            List<String> dynoEnv,
            Map<Integer, Integer> ports,
            Map<String, String> binds,
            Map<String, String> labels,
            AddonServices.Services services,
            DynoSize size) {
        List<String> env = new ArrayList<>();
        vars.forEach((k, v) -> env.add(k + "=" + v));
        env.addAll(dynoEnv);
        env.add("HOME=/app");
        return new ContainerSpec(image, Dyno.command(command), null, env, "/app", ports, binds, labels)
                .withNetwork(services.network())
                .withMemory(Dyno.memory(size));
    }

    /**
     * Says once, when a dyno of this run has a size and the engine cannot limit swap, that its
     * dynos are killed at their quota rather than at Heroku's limit.
     */
    static void noteSwap(ContainerEngine engine, Console console, List<DynoSize> sizes) {
        boolean swapping = sizes.stream().anyMatch(size -> size != null && size.swaps());
        if (swapping && !engine.registry().info().swapLimit()) {
            console.note("the engine cannot limit swap (its kernel has no swap accounting): a dyno is killed at its"
                    + " memory quota, not at the twice as much memory and swap Heroku allows its size");
        }
    }
}
