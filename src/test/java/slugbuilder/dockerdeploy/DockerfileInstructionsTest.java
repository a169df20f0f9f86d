package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import slugbuilder.dockerdeploy.DockerfileInstructions.Instruction;

/** The final stage's instructions, each with the line it starts on. */
class DockerfileInstructionsTest {
    @Test
    void onlyTheFinalStageCountsAndEachInstructionKeepsItsFirstLine() {
        String text = String.join(
                "\n",
                "FROM builder AS build",
                "VOLUME /cache",
                "",
                "# the runtime stage",
                "from runtime",
                "RUN apt-get update && \\",
                "    # a comment inside",
                "    apt-get install -y curl",
                "healthcheck CMD curl -f http://localhost/",
                "CMD [\"./web\"]");

        assertEquals(
                List.of(
                        new Instruction("FROM", "runtime", 5),
                        new Instruction("RUN", "apt-get update &&  apt-get install -y curl", 6),
                        new Instruction("HEALTHCHECK", "CMD curl -f http://localhost/", 9),
                        new Instruction("CMD", "[\"./web\"]", 10)),
                DockerfileInstructions.finalStage(text));
    }

    @Test
    void theEscapeDirectiveAndHereDocumentsAreFollowed() {
        String text = String.join(
                "\n",
                "# escape=`",
                "FROM base",
                "RUN <<EOF",
                "VOLUME /not-an-instruction",
                "EOF",
                "STOPSIGNAL `",
                "  SIGINT",
                "SHELL [\"bash\", \"-c\"]");

        assertEquals(
                List.of(
                        new Instruction("FROM", "base", 2),
                        new Instruction("RUN", "<<EOF", 3),
                        new Instruction("STOPSIGNAL", "SIGINT", 6),
                        new Instruction("SHELL", "[\"bash\", \"-c\"]", 8)),
                DockerfileInstructions.finalStage(text));
    }

    @Test
    void stagesAreNamedByTheirFromLinesAndReadOneByOne() {
        String text = "FROM --platform=linux/amd64 node:20 AS Build\nRUN make\nFROM node:20-slim as runtime\n"
                + "CMD node app.js\nFROM runtime\nVOLUME /x\n";

        assertEquals(List.of("Build", "runtime"), DockerfileInstructions.stageNames(text));
        assertEquals(
                List.of("FROM", "RUN"),
                DockerfileInstructions.stage(text, "build").stream()
                        .map(Instruction::keyword)
                        .toList(),
                "matched ignoring case, as --target is");
        assertEquals(List.of(), DockerfileInstructions.stage(text, "prod"));
    }
}
