package slugbuilder.engine.contract;

import java.nio.charset.StandardCharsets;
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

    @Override
    protected void givenImageWithOnBuild(String image, List<String> triggers, Map<String, String> labels) {
        StringBuilder dockerfile = new StringBuilder("FROM " + Engine.STACK + "\nRUN mkdir -p /app/src\n");
        triggers.forEach(
                trigger -> dockerfile.append("ONBUILD ").append(trigger).append('\n'));
        dockerfile.append("ENV CONTRACT=1\n"); // a step after them that makes no layer
        build(BuildContext.ofDockerfile(dockerfile.toString()), image, labels);
    }

    @Override
    protected void givenChildOf(String parent, String child, Map<String, String> labels) {
        build(
                BuildContext.ofFiles(Map.of(
                        "Dockerfile", ("FROM " + parent + "\n").getBytes(StandardCharsets.UTF_8),
                        "Procfile", "web: true\n".getBytes(StandardCharsets.UTF_8))),
                child,
                labels);
    }

    private void build(BuildContext context, String image, Map<String, String> labels) {
        engine.images().build(new BuildRequest(context, "Dockerfile", List.of(image), Map.of(), labels), line -> {});
    }
}
