package slugbuilder.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnbuildCopiesTest {
    @Test
    void theCopiesBeforeTheAppsOwnAreItsManifestsAndItsDestinationTheAppDirectory() {
        OnbuildCopies copies = OnbuildCopies.of(List.of(
                "COPY --chown=app:app Aptfile /app/.apt/Aptfile",
                "RUN apt-get download ...",
                "COPY --chown=app:app package.json package-lock.json* npm-shrinkwrap.json* /app/src/",
                "RUN npm ci",
                "COPY --chown=app:app . /app/src/",
                "RUN npm run build --if-present",
                "COPY --chown=app:app late.txt /app/late.txt"));

        assertEquals(
                List.of("Aptfile", "package.json", "package-lock.json*", "npm-shrinkwrap.json*"), copies.manifests());
        assertEquals("/app/src", copies.appDir());
    }

    @Test
    void directoriesAndTheJsonFormAreRead() {
        OnbuildCopies copies = OnbuildCopies.of(List.of(
                "copy gradlew build.gradle* /app/src/", "COPY [\"gradle\", \"/app/src/gradle\"]", "ADD . /srv/app"));

        assertEquals(List.of("gradlew", "build.gradle*", "gradle"), copies.manifests());
        assertEquals("/srv/app", copies.appDir());
    }

    @Test
    void anImageThatNeverCopiesTheAppHasNoAppDirectory() {
        OnbuildCopies copies = OnbuildCopies.of(List.of("RUN true"));

        assertEquals(List.of(), copies.manifests());
        assertNull(copies.appDir());
    }
}
