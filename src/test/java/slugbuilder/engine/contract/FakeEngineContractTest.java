package slugbuilder.engine.contract;

import java.util.List;
import java.util.Map;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.fake.FakeEngine;

/** The in-memory fake keeps the port's promises. */
class FakeEngineContractTest extends ContainerEngineContract {
    private final FakeEngine fake = new FakeEngine();

    @Override
    protected ContainerEngine connect() {
        return fake;
    }

    @Override
    protected void givenImage(String image, Map<String, String> labels) {
        fake.addImage(image, labels);
    }

    @Override
    protected void givenCommandPrintsAndExits(ContainerSpec spec, String line, int code) {
        fake.exitOnStart(s -> s.command().equals(spec.command()), code, line);
    }

    @Override
    protected void givenCommandPrintsAndRunsOutOfMemory(ContainerSpec spec, String line) {
        fake.outOfMemoryOnStart(s -> s.command().equals(spec.command()) && s.memory() != null, line);
    }

    @Override
    protected void givenCommandAnswersHangup(ContainerSpec spec, String ready, String answer, int code) {
        fake.printOnStart(s -> s.command().equals(spec.command()), ready);
        fake.onSignal(s -> s.command().equals(spec.command()), "HUP", s -> List.of(answer), code);
    }

    @Override
    protected void givenImageWithOnBuild(String image, List<String> triggers, Map<String, String> labels) {
        fake.addImage(image, "app", triggers, labels, null);
    }

    @Override
    protected void givenChildOf(String parent, String child, Map<String, String> labels) {
        fake.addImage(child, "app", List.of(), labels, parent);
    }
}
