package io.ciosync.customerio;

import javax.net.ssl.SSLEngine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the JDK's trust store and the TLS classes at start-up, on a thread of its own. Otherwise the first HTTPS
 * connection (to Customer.io, or a notice receiver) did it on a Vert.x event loop, which then stood still for
 * seconds and logged two "Thread blocked" warnings with 230 lines of stack. The JDK caches the trust store it loads.
 */
@ApplicationScoped
class TlsWarmUp {

    void warm(@Observes StartupEvent event) {
        Thread.ofPlatform().daemon().name("tls-warm-up").start(TlsWarmUp::run);
    }

    private static void run() {
        try {
            // what a Vert.x HTTPS client does for its first connection: a JDK client context and one engine of it
            SslHandler handler = SslContextBuilder.forClient().build().newHandler(ByteBufAllocator.DEFAULT);
            SSLEngine engine = handler.engine();
            engine.closeOutbound();
        } catch (Exception | LinkageError e) {
            Log.debugf(e, "TLS warm-up failed; the first HTTPS connection will load TLS itself");
        }
    }
}
