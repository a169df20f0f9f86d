package slugbuilder.heroku;

import java.net.URI;

/** The answer to creating a slug: its id, and where and how ({@code put}) to upload the archive. */
public record SlugCreated(String id, String blobMethod, URI blobUrl) {
    /** The blob URL is signed (its query is a credential for the upload): shown without it. */
    @Override
    public String toString() {
        return "SlugCreated[id=" + id + ", blobMethod=" + blobMethod + ", blobUrl="
                + FailureWording.withoutQuery(blobUrl) + "]";
    }
}
