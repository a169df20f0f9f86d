package slugbuilder.heroku;

/**
 * One call to the Platform API or to the object store, as the transport and the failure wording
 * need to know it. WHAT names it in messages ("creating the slug for myapp"); APP is null for the
 * object store; ACCEPT is the {@code Accept} header (null for the object store, which gets no
 * Heroku headers); SLUG_ID is set only on a release, whose failures must say whether it may exist.
 */
record ApiCall(String what, String app, Retry retry, boolean blob, String accept, String slugId) {
    static final String ACCEPT_V3 = "application/vnd.heroku+json; version=3";

    /** When a failed attempt may be repeated. */
    enum Retry {
        /** Repeating the request does no harm (GET, creating a slug, replacing the blob). */
        ANY_FAILURE,
        /** Repeat only when it surely did not reach the server: refused (429) or never sent. */
        ONLY_UNSENT
    }

    /** A call to the API that is safe to repeat, with the version 3 media type. */
    static ApiCall api(String what, String app) {
        return new ApiCall(what, app, Retry.ANY_FAILURE, false, ACCEPT_V3, null);
    }

    /** Creating a release of SLUG_ID: repeated only when it cannot have been received. */
    static ApiCall release(String what, String app, String slugId) {
        return new ApiCall(what, app, Retry.ONLY_UNSENT, false, ACCEPT_V3, slugId);
    }

    /** A request to a signed object-store URL. */
    static ApiCall blob(String what) {
        return new ApiCall(what, null, Retry.ANY_FAILURE, true, null, null);
    }

    /** The same call with another {@code Accept} media type (e.g. a variant of version 3). */
    ApiCall accepting(String mediaType) {
        return new ApiCall(what, app, retry, blob, mediaType, slugId);
    }

    /** The object store answers an upload with 200; the API with any 2xx. */
    boolean succeeded(int code) {
        return blob ? code == 200 : code >= 200 && code < 300;
    }

    boolean isRelease() {
        return slugId != null;
    }
}
