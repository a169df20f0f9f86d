package slugbuilder.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.semver4j.Semver;

class PlainVersionTest {
    @Test
    void plainVersionsAreWhatSemverCoerceMakesOfThem() {
        for (String text : List.of("20.11.0", "0.8.6", "1.20", "7", "10.0.10", "999999999.0.1")) {
            PlainVersion plain = PlainVersion.parse(text);
            assertEquals(text, plain.text());
            assertEquals(Semver.coerce(text), plain.semver(), text);
        }
    }

    @Test
    void anythingElseIsNotPlain() {
        for (String text : List.of(
                "",
                ".",
                "1.",
                ".1",
                "1..2",
                "1.2.3.4",
                "01.2",
                "1.02",
                "v1.2",
                "1.2.3-rc1",
                "1.21rc2",
                "1.2.3+b",
                "1234567890",
                " 1.2",
                "1.2 ")) {
            assertNull(PlainVersion.parse(text), text);
        }
    }

    @Test
    void comparedByNumbersAsSemverComparesThem() {
        List<String> versions =
                List.of("1.20", "1.20.0", "1.9.5", "1.21.0", "20.9.0", "20.18.0", "0.8.6", "4", "4.0.1");
        for (String a : versions) {
            for (String b : versions) {
                assertEquals(
                        Integer.signum(Semver.coerce(a).compareTo(Semver.coerce(b))),
                        Integer.signum(PlainVersion.parse(a).compareTo(PlainVersion.parse(b))),
                        a + " vs " + b);
            }
        }
    }
}
