package slugbuilder.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "heroku/heroku:24-build",
                "slugbuilder/stack:bookworm-build",
                "ubuntu",
                "ubuntu:24.04",
                "library/debian:bookworm-slim",
                "registry.example.com/team/stack:1",
                "localhost:5000/stack",
                "localhost/stack",
                "Registry.Example.COM:443/a/b:TAG",
                "[::1]:5000/stack:x",
                "a__b/c-d/e.f/g---h:_tag",
                "debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void acceptsWhatTheDockerCliAccepts(String reference) {
        assertEquals(Optional.empty(), ImageReference.problem(reference), reference);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a valid image!!",
                "Heroku/heroku",
                "UBUNTU",
                "heroku//heroku",
                "/heroku",
                "heroku/",
                "heroku/heroku:",
                "heroku/heroku:-x",
                "heroku/heroku:.x",
                "a_-b",
                "a..b",
                "_a",
                "a-",
                "heroku:24:25",
                "debian@sha256:abc",
                "debian@",
                "exa_mple.com/x",
                "host:port/x",
                ":tag",
                "@sha256:0123456789abcdef0123456789abcdef",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void refusesWhatTheDockerCliRefuses(String reference) {
        assertTrue(ImageReference.problem(reference).isPresent(), reference);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void aTagHasAtMost128Characters(int length) {
        assertEquals(
                length > 128,
                ImageReference.problem("debian:" + "t".repeat(length)).isPresent());
    }
}
