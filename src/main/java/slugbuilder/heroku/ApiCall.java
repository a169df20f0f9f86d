package slugbuilder.heroku;

/**
 * One call to the Platform API, to the object store or to a release's output stream, as the
 * transport and the failure wording need to know it. WHAT names it in messages ("creating the
 * slug for myapp"); APP is null off the API; ACCEPT is the {@code Accept} header (null off the API:
 * a signed URL gets no Heroku headers); RELEASING is set only on a call that makes a release, whose
 * failures must say whether it may exist, and names what it releases ("slug ID", "the images of
 * web, worker"); RANGE is the {@code Range} header of a list, or null.
 */
record ApiCall(String what, String app, Retry retry, Target target, String accept, String releasing, String range) {
    static final String ACCEPT_V3 = "application/vnd.heroku+json; version=3";
    /** The variant of version 3 whose formation updates take a {@code docker_image}. */
    static final String ACCEPT_DOCKER_RELEASES = ACCEPT_V3 + ".docker-releases";

    /** Where the call goes. */
    enum Target {
        API,
        /** A signed object-store URL the slug is PUT to. */
        UPLOAD,
        /** A release's signed output stream URL, which answers 404 until the stream exists. */
        STREAM
    }

    /** When a failed attempt may be repeated. */
    enum Retry {
        /** Repeating the request does no harm (GET, creating a slug, replacing the blob). */
        ANY_FAILURE,
        /** Repeat only when it surely did not reach the server: refused (429) or never sent. */
        ONLY_UNSENT
    }

    /** A call to the API that is safe to repeat, with the version 3 media type. */
    static ApiCall api(String what, String app) {
        return new ApiCall(what, app, Retry.ANY_FAILURE, Target.API, ACCEPT_V3, null, null);
    }

    /** Creating a release of SLUG_ID: repeated only when it cannot have been received. */
    static ApiCall release(String what, String app, String slugId) {
        return new ApiCall(what, app, Retry.ONLY_UNSENT, Target.API, ACCEPT_V3, "slug " + slugId, null);
    }

    /**
     * Updating the formation with images, which makes a release of RELEASING: repeated only when
     * it cannot have been received.
     */
    static ApiCall formation(String what, String app, String releasing) {
        return new ApiCall(what, app, Retry.ONLY_UNSENT, Target.API, ACCEPT_DOCKER_RELEASES, releasing, null);
    }

    /** A request to a signed object-store URL. */
    static ApiCall blob(String what) {
        return new ApiCall(what, null, Retry.ANY_FAILURE, Target.UPLOAD, null, null, null);
    }

    /** A GET of a release's output stream URL: safe to repeat until its first byte arrives. */
    static ApiCall stream(String what) {
        return new ApiCall(what, null, Retry.ANY_FAILURE, Target.STREAM, null, null, null);
    }

    /** The same call with another {@code Accept} media type (e.g. a variant of version 3). */
    ApiCall accepting(String mediaType) {
        return new ApiCall(what, app, retry, target, mediaType, releasing, range);
    }

    /** The same call asking for part of a list, e.g. {@code version ..; max=1, order=desc}. */
    ApiCall ranging(String listRange) {
        return new ApiCall(what, app, retry, target, accept, releasing, listRange);
    }

    /**
     * The object store answers an upload with 200; the API with any 2xx; an output stream with 200,
     * or 404 while it does not exist yet, which its reader tells apart.
     */
    boolean succeeded(int code) {
        return switch (target) {
            case API -> code >= 200 && code < 300;
            case UPLOAD -> code == 200;
            case STREAM -> code == 200 || code == 404;
        };
    }

    /** A signed URL off the API: no Heroku headers, its query never shown. */
    boolean blob() {
        return target != Target.API;
    }

    boolean upload() {
        return target == Target.UPLOAD;
    }

    boolean isRelease() {
        return releasing != null;
    }
}
