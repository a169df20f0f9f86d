package slugbuilder.engine.contract;

import java.util.List;
import java.util.Map;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.support.Engine;

/** The real engine keeps the port's promises, as the fake is tested to. */
class DockerEngineContractIT extends ContainerEngineContract {
    @Override
    protected ContainerEngine connect() {
        return Engine.connect();
    }

    @Override
    protected void givenImage(String image, Map<String, String> labels) {
        engine.images()
                .build(
                        new BuildRequest(
                                BuildContext.ofDockerfile("FROM " + Engine.STACK + "\n"),
                                "Dockerfile",
                                List.of(image),
                                Map.of(),
                                labels),
                        line -> {});
    }

    @Override
    protected void givenCommandPrintsAndExits(ContainerSpec spec, String line, int code) {
        // the real engine runs the command itself
    }

    @Override
    protected void givenCommandPrintsAndRunsOutOfMemory(ContainerSpec spec, String line) {
        // the real engine runs the command itself
    }

    @Override
    protected void givenCommandAnswersHangup(ContainerSpec spec, String ready, String answer, int code) {
        // the real engine runs the command itself
    }
}
