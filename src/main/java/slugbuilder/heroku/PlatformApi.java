package slugbuilder.heroku;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * The Heroku Platform API as slugbuilder's release needs it: create a slug, upload its archive,
 * release it, and look up the app. The port; {@link OkHttpPlatformApi} is the adapter. Every
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

    /** {@code GET /apps/{app}}: the app's name and web URL. */
    AppInfo app(String app);
}
