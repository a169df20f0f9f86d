package slugbuilder.heroku;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The Heroku Platform API as slugbuilder's release needs it: create a slug, upload its archive,
 * release it, follow the release through its release phase, and look up the app. The port; {@link OkHttpPlatformApi} is the adapter. Every
 * method throws {@link slugbuilder.SlugbuilderException} (exit code 5, PLATFORM_API) with one
 * line saying what failed and why; it never contains the API token.
 */
public interface PlatformApi {

    /**
     * {@code POST /apps/{app}/slugs}. Process type names are checked against
     * {@code ^[-\w]{1,128}$} before anything is sent (exit code 3 when one is refused).
     */
    SlugCreated createSlug(String app, SlugRequest request);

    /**
     * {@code PUT} of the slug archive to the slug's blob URL (a signed object-store URL: no Heroku
     * authorization, no Content-Type, a Content-Length, not chunked). Succeeds on 200 only.
     * PROGRESS_BYTES (may be null) receives the number of bytes sent so far in the current attempt;
     * it starts again from 0 when the upload is retried.
     */
    void uploadSlug(URI blobUrl, Path slugTgz, LongConsumer progressBytes);

    /**
     * {@code POST /apps/{app}/releases}. Never repeated once the request may have reached the
     * API (that could release twice); such a failure says the release may or may not exist.
     */
    Release createRelease(String app, String slugId, String description);

    /** {@code GET /apps/{app}/releases/{id}}: the release as it is now. */
    Release release(String app, String id);

    /**
     * {@code GET /apps/{app}/releases} with {@code Range: version ..; max=1, order=desc}: the
     * newest release, or empty when the app has none.
     */
    Optional<Release> latestRelease(String app);

    /**
     * {@code GET} of a release's OUTPUT_STREAM_URL (signed: it gets no Heroku authorization and is
     * never shown whole). LINES receives each line as it arrives, until the stream ends. The URL
     * answers 404 until the stream exists: it is asked again 1 s apart, 30 times in all, and false
     * is returned when it never appeared. A stream cut off after its first line is not asked
     * again (its output would show twice): that fails like any other call. An exception LINES
     * throws ends the stream and is passed on.
     */
    boolean releaseOutput(URI outputStreamUrl, Consumer<String> lines);

    /**
     * {@code PATCH /apps/{app}/formation} with {@code Accept: application/vnd.heroku+json;
     * version=3.docker-releases}: each update's process type runs its image from now on, which
     * makes a release (read it with {@link #latestRelease}). Never repeated once the request may
     * have reached the API (that could release twice); such a failure says the release may or may
     * not exist. Process type names are checked before anything is sent (exit code 2).
     */
    void updateFormation(String app, List<FormationUpdate> updates);

    /** {@code GET /apps/{app}}: the app's name, web URL and stacks. */
    AppInfo app(String app);

    /**
     * {@code GET /apps/{app}/config-vars}: the app's config vars, names to values, in the API's
     * order. Values are secrets: no failure and no log line ever contains one.
     */
    Map<String, String> configVars(String app);

    /** {@code GET /apps/{app}/addons}: the app's add-ons and the names of the config vars each owns. */
    List<Addon> addons(String app);
}
