package slugbuilder.support;

import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * MockWebServer's queue, counting what it has handed out. A request-body disconnect is chosen by
 * peeking at the queue's head, and the broken request takes it off the queue only after its
 * connection is closed: a client that retries at once can peek at the same disconnect and be
 * broken again (seen under load). A test's sleeper waits here for the broken request first.
 */
public final class CountingDispatcher extends QueueDispatcher {
    private int dispatched;

    /** Installed on SERVER, before anything is enqueued. */
    public static CountingDispatcher on(MockWebServer server) {
        CountingDispatcher dispatcher = new CountingDispatcher();
        server.setDispatcher(dispatcher);
        return dispatcher;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        MockResponse response = super.dispatch(request);
        synchronized (this) {
            dispatched++;
            notifyAll();
        }
        return response;
    }

    /** Waits, at most 10 s, until COUNT requests have had their response. */
    public synchronized void awaitDispatched(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dispatched < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the server handed out " + dispatched + " responses, not " + count);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
