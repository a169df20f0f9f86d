package slugbuilder.heroku;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * The request bodies sent. Every one is one-shot, so that OkHttp never repeats a body on its own
 * (stale connections, 408, {@code 503 Retry-After: 0}): only the transport's policy decides that.
 */
final class RequestBodies {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int UPLOAD_CHUNK = 64 * 1024;

    private RequestBodies() {}

    static RequestBody json(byte[] bytes) {
        return new JsonBody(bytes);
    }

    /**
     * The slug archive, streamed from FILE of SIZE bytes; PROGRESS gets the bytes sent so far,
     * from 0 at each attempt.
     */
    static RequestBody file(Path file, long size, LongConsumer progress) {
        return new FileBody(file, size, progress);
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

    /**
     * No content type, so OkHttp sends no Content-Type header; a known length, so it sends
     * Content-Length and not chunked encoding (signed object-store URLs want both).
     */
    private static final class FileBody extends RequestBody {
        private final Path file;
        private final long size;
        private final LongConsumer progress;

        FileBody(Path file, long size, LongConsumer progress) {
            this.file = file;
            this.size = size;
            this.progress = progress;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            progress.accept(0);
            Source source;
            try {
                source = Okio.source(file);
            } catch (IOException e) {
                throw new SlugReadException(file, e);
            }
            try (source) {
                Buffer buffer = new Buffer();
                long sent = 0;
                while (sent < size) {
                    long read;
                    try {
                        read = source.read(buffer, Math.min(UPLOAD_CHUNK, size - sent));
                    } catch (IOException e) {
                        throw new SlugReadException(file, e);
                    }
                    if (read == -1) {
                        throw new SlugReadException(file, new IOException("it became shorter during the upload"));
                    }
                    sink.write(buffer, read);
                    sent += read;
                    progress.accept(sent);
                }
            }
        }
    }
}
