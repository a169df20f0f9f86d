package slugbuilder.heroku;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The API's request bodies (the slug's is {@link SlugUploadBody}). Every one is one-shot, so
 * that OkHttp never repeats a body on its own (stale connections, 408, {@code 503 Retry-After:
 * 0}): only the transport's policy decides that.
 */
final class RequestBodies {
    private static final MediaType JSON = MediaType.get("application/json");

    private RequestBodies() {}

    static RequestBody json(byte[] bytes) {
        return new JsonBody(bytes);
    }

    private static final class JsonBody extends RequestBody {
        private final byte[] bytes;

        JsonBody(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
        }
    }
}
