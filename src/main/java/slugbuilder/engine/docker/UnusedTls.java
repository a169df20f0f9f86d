package slugbuilder.engine.docker;

import com.github.dockerjava.transport.SSLConfig;
import javax.net.ssl.SSLContext;

/**
 * The TLS settings of an engine connection that uses no TLS (a unix socket, plain tcp://). The
 * transport builds a TLS strategy whatever the scheme, and left to itself makes the JDK's
 * default context for it, which loads the security providers and reads the whole trust store:
 * 0.2 s of every engine command's start, for a context no connection ever uses.
 */
final class UnusedTls implements SSLConfig {
    @Override
    public SSLContext getSSLContext() {
        return new SSLContext(null, null, "unused") {};
    }
}
