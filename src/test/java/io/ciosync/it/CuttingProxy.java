package io.ciosync.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a database that a test cuts: when the clients send a given statement for the n-th time
 * ({@link #cutAt}), that statement is not forwarded, every open connection is reset, and new ones are reset as soon
 * as they are accepted, until {@link #letThrough()}. The shared server behind it is never touched.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger untilCut = new AtomicInteger(Integer.MAX_VALUE);
    private volatile String marker = "\0";
    private volatile boolean refusing;
    private volatile boolean cut;

    private CuttingProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("cutting-proxy").start(this::accept);
    }

    static CuttingProxy to(String host, int port) throws IOException {
        return new CuttingProxy(host, port);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Cuts every connection when text containing {@code marker} is sent to the server for the {@code nth} time (in
     * PostgreSQL's protocol a statement's text travels with its first executions), and refuses new ones.
     */
    void cutAt(String marker, int nth) {
        this.marker = marker;
        untilCut.set(nth);
    }

    boolean hasCut() {
        return cut;
    }

    /** Accepts and forwards connections again. */
    void letThrough() {
        untilCut.set(Integer.MAX_VALUE);
        refusing = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket(host, port);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the server refused: the client's attempt fails like a refused connection would
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (toServer
                        && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains(marker)
                        && untilCut.decrementAndGet() <= 0) {
                    cutAll();
                    return;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            reset(from);
            reset(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private synchronized void cutAll() {
        refusing = true;
        cut = true;
        open.forEach(CuttingProxy::reset);
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, as when a network path or a server goes away
            socket.close();
        } catch (SocketException e) {
            // already closed
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(CuttingProxy::reset);
    }
}
