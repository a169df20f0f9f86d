package slugbuilder.heroku;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.net.SocketFactory;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.AsyncTimeout;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * The slug archive as the upload's body, streamed from its file, never held in memory.
 *
 * <p>OkHttp copies a body through its 8 KiB segments and writes each with its own system call,
 * which held a loopback upload to a fifth of curl's speed. So over plain HTTP/1.1 the file goes
 * from the page cache to the socket in the kernel ({@link FileChannel#transferTo}, sendfile on
 * Linux): the connection's socket comes from {@link #CHANNEL_SOCKETS} (a socket with a channel),
 * and {@link #SEND_DIRECTLY} hands it to the body, which then writes the headers through OkHttp
 * and the bytes past it. Over TLS (the socket has no channel) the bytes go through OkHttp's sink.
 *
 * <p>Either way: no content type, so OkHttp sends no Content-Type header; a known length, so it
 * sends Content-Length and not chunked encoding (signed object-store URLs want both); one-shot,
 * so OkHttp never repeats it on its own (only the transport's policy does); PROGRESS gets the
 * bytes sent so far, from 0 at each attempt; a write that stalls for the write timeout fails.
 */
final class SlugUploadBody extends RequestBody {
    /**
     * Bytes of the first kernel transfer; progress is reported, and the write timeout
     * restarts, after each. A transfer that took under {@link #FAST} doubles the next, up to
     * {@link #MAX_CHUNK} (on loopback, 1 MiB transfers held the upload to 0.75 of curl's speed);
     * one that took over {@link #SLOW} drops back to this size, so a slowed uplink returns to
     * small steps and a stall stays a megabyte or so without progress.
     */
    static final int CHUNK = 1 << 20;

    static final int MAX_CHUNK = 16 << 20;
    private static final long FAST = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SLOW = TimeUnit.SECONDS.toNanos(1);

    private static final int FALLBACK_CHUNK = 64 * 1024;

    /** Sockets with a channel, so that a plain HTTP upload can be sent with {@link FileChannel#transferTo}. */
    static final SocketFactory CHANNEL_SOCKETS = new SocketFactory() {
        @Override
        public Socket createSocket() throws IOException {
            return SocketChannel.open().socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(address, port));
        }

        private Socket connected(InetSocketAddress address) throws IOException {
            Socket socket = createSocket();
            socket.connect(address);
            return socket;
        }
    };

    /**
     * A network interceptor: on a plain HTTP/1.1 connection whose socket has a channel, the body
     * is sent past OkHttp's sink. OkHttp then sees a body of no bytes (it counts what passes its
     * sink), while the Content-Length header, set before this point, stays the file's size.
     */
    static final Interceptor SEND_DIRECTLY = chain -> {
        Request request = chain.request();
        Connection connection = chain.connection();
        if (request.body() instanceof SlugUploadBody body
                && connection != null
                && connection.protocol() == Protocol.HTTP_1_1
                && connection.handshake() == null
                && connection.socket().getChannel() != null) {
            Direct direct = new Direct(body, connection.socket().getChannel(), chain.writeTimeoutMillis());
            return chain.proceed(
                    request.newBuilder().method(request.method(), direct).build());
        }
        return chain.proceed(request);
    };

    private final Path file;
    private final long size;
    private final LongConsumer progress;

    SlugUploadBody(Path file, long size, LongConsumer progress) {
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
                    read = source.read(buffer, Math.min(FALLBACK_CHUNK, size - sent));
                } catch (IOException e) {
                    throw new SlugReadException(file, e);
                }
                if (read == -1) {
                    throw shorter();
                }
                sink.write(buffer, read);
                sent += read;
                progress.accept(sent);
            }
        }
    }

    /** The file's bytes from the page cache to CHANNEL, in chunks, each under the write timeout. */
    private void transfer(SocketChannel channel, long writeTimeoutMillis) throws IOException {
        progress.accept(0);
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SlugReadException(file, e);
        }
        AsyncTimeout stall = new AsyncTimeout() {
            @Override
            protected void timedOut() {
                // Closing the channel would not wake a sendfile blocked on it; shutting its output does.
                try {
                    channel.shutdownOutput();
                    channel.close();
                } catch (IOException ignored) {
                    // the transfer fails either way
                }
            }
        };
        stall.timeout(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        try (in) {
            long sent = 0;
            long chunk = CHUNK;
            while (sent < size) {
                long n;
                long started = System.nanoTime();
                stall.enter();
                try {
                    n = in.transferTo(sent, Math.min(chunk, size - sent), channel);
                } catch (ClosedByInterruptException e) {
                    stall.exit();
                    InterruptedIOException interrupted = new InterruptedIOException("interrupted during the upload");
                    interrupted.initCause(e);
                    throw interrupted;
                } catch (IOException e) {
                    if (stall.exit()) {
                        throw new SocketTimeoutException("timeout: the upload stalled");
                    }
                    throw e;
                }
                if (stall.exit()) {
                    throw new SocketTimeoutException("timeout: the upload stalled");
                }
                if (n == 0 && in.size() <= sent) {
                    throw shorter();
                }
                long took = System.nanoTime() - started;
                if (took > SLOW) {
                    chunk = CHUNK;
                } else if (n == chunk && took < FAST) {
                    chunk = Math.min(2 * chunk, MAX_CHUNK);
                }
                sent += n;
                progress.accept(sent);
            }
        }
    }

    private SlugReadException shorter() {
        return new SlugReadException(file, new IOException("it became shorter during the upload"));
    }

    /**
     * What OkHttp sends in the body's place on a direct connection: no bytes through its sink;
     * the headers are flushed, then the file goes straight to the socket.
     */
    private static final class Direct extends RequestBody {
        private final SlugUploadBody body;
        private final SocketChannel channel;
        private final long writeTimeoutMillis;

        Direct(SlugUploadBody body, SocketChannel channel, long writeTimeoutMillis) {
            this.body = body;
            this.channel = channel;
            this.writeTimeoutMillis = writeTimeoutMillis;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.flush(); // the request line and headers, before the body goes past the sink
            body.transfer(channel, writeTimeoutMillis);
        }
    }
}
