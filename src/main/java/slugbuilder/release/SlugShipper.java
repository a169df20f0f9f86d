package slugbuilder.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.Sizes;
import slugbuilder.SlugbuilderException;
import slugbuilder.console.Console;
import slugbuilder.core.ReleaseFollower;
import slugbuilder.heroku.AppInfo;
import slugbuilder.heroku.PlatformApi;
import slugbuilder.heroku.Release;
import slugbuilder.heroku.SlugCreated;
import slugbuilder.heroku.SlugRequest;

/**
 * Ships a packed slug through the Platform API: creates the slug, uploads the archive to its
 * blob URL, then releases it and follows the release to its outcome. Each call fails with one
 * line (exit code 5) and stops the sequence, so a slug whose upload failed is never released.
 */
public final class SlugShipper {
    private final PlatformApi api;
    private final Console console;
    private final ReleaseFollower follower;

    public SlugShipper(PlatformApi api, Console console) {
        this(api, console, new ReleaseFollower(api, console));
    }

    /** FOLLOWER follows the new release through its release phase (tests shorten its limit). */
    public SlugShipper(PlatformApi api, Console console, ReleaseFollower follower) {
        this.api = api;
        this.console = console;
        this.follower = follower;
    }

    /** Looks APP up before any slow work: a missing app, or one the token cannot reach, fails here. */
    public void checkApp(String app) {
        console.step("Checking the app " + app);
        api.app(app);
    }

    /**
     * Creates, uploads and releases SLUG_TGZ on APP, and follows the release through its release
     * phase; prints "Released vN of APP" and the app's URL only once the release succeeded.
     */
    public Release ship(String app, Path slugTgz, SlugRequest request, String description) {
        long size = sizeOf(slugTgz);
        console.step("Creating a slug on " + app + " (process types: "
                + String.join(", ", request.processTypes().keySet()) + ")");
        SlugCreated slug = api.createSlug(app, request);
        console.step("Uploading the slug " + slug.id() + " (" + Console.megabytes(size) + ")");
        long started = System.nanoTime();
        api.uploadSlug(slug.blobUrl(), slugTgz, sent -> console.progress("uploaded", sent, size));
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        console.detail(String.format(
                Locale.ROOT,
                "uploaded %s in %.2f s (%s)",
                Console.megabytes(size),
                seconds,
                Sizes.rate(size, seconds)));
        if (Cleanup.shuttingDown()) { // Ctrl-C during the upload: the user no longer wants this release
            throw new SlugbuilderException(
                    ExitCode.INTERRUPTED, "interrupted: slug " + slug.id() + " was uploaded but not released");
        }
        console.step("Releasing the slug " + slug.id());
        Release release = follower.follow(app, api.createRelease(app, slug.id(), description));
        webUrl(app);
        return release;
    }

    /** The app's URL, when the API gives it; the release is made either way, so a failure here only warns. */
    private void webUrl(String app) {
        try {
            AppInfo info = api.app(app);
            if (info.webUrl() != null && !info.webUrl().isBlank()) {
                console.result(info.webUrl());
            }
        } catch (SlugbuilderException e) {
            console.warn("released, but the app's URL could not be looked up: " + e.getMessage());
        }
    }

    private static long sizeOf(Path slugTgz) {
        try {
            return Files.size(slugTgz);
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.FAILURE, "cannot read the slug " + slugTgz + ": " + e.getMessage());
        }
    }
}
