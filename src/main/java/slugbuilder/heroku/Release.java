package slugbuilder.heroku;

import java.net.URI;

/**
 * A release as the API returned it. STATUS is {@code pending} (its release phase runs),
 * {@code succeeded} or {@code failed}; OUTPUT_STREAM_URL (null when there is none) streams the
 * release phase's output and may carry a signature, so it is never shown whole; CURRENT says
 * whether the app runs this release now.
 */
public record Release(String id, int version, String status, URI outputStreamUrl, boolean current) {

    /** A release without a release phase to follow (tests, and answers that say no more). */
    public Release(String id, int version, String status) {
        this(id, version, status, null, "succeeded".equals(status));
    }

    public boolean pending() {
        return !succeeded() && !failed();
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }

    /** Without the stream URL's query, where its signature would be. */
    @Override
    public String toString() {
        return "Release[id=" + id + ", version=" + version + ", status=" + status + ", outputStreamUrl="
                + (outputStreamUrl == null ? null : FailureWording.withoutQuery(outputStreamUrl)) + ", current="
                + current + "]";
    }
}
