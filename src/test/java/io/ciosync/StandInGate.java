package io.ciosync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Customer.io unreachable, for real: a TCP gate in front of a {@link CustomerIoStandIn} that forwards every
 * connection to it, until {@link #refuse()}. Then the connections open through it are reset, and every new one is
 * reset as soon as it is accepted (SO_LINGER 0: the client sees "connection reset"), nothing read or answered, each
 * noted with its time in {@link #refusedConnections()}, until {@link #accept()}.
 */
public final class StandInGate implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Queue<Long> refused = new ConcurrentLinkedQueue<>();
    private volatile boolean refusing;

    private StandInGate(InetSocketAddress target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("stand-in-gate").start(this::serve);
    }

    /** A gate on a free port of 127.0.0.1 in front of {@code standIn}. */
    public static StandInGate before(CustomerIoStandIn standIn) {
        URI uri = URI.create(standIn.baseUrl());
        return new StandInGate(new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets the open connections and every new one, until {@link #accept()}. */
    public void refuse() {
        refusing = true;
        open.forEach(StandInGate::reset);
    }

    /** Forwards new connections again. */
    public void accept() {
        refusing = false;
    }

    /** When each refused connection arrived ({@link System#nanoTime()}), in order. */
    public List<Long> refusedConnections() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.forEach(StandInGate::reset);
    }

    private void serve() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    refused.add(System.nanoTime());
                    reset(client);
                } else {
                    Thread.ofVirtual().start(() -> forward(client));
                }
            } catch (IOException e) {
                // closed, or the client went first
            }
        }
    }

    private void forward(Socket client) {
        open.add(client);
        try (client;
                Socket server = new Socket(target.getAddress(), target.getPort())) {
            open.add(server);
            Thread up = Thread.ofVirtual().start(() -> pump(client, server));
            pump(server, client);
            up.join();
            open.remove(server);
        } catch (IOException | InterruptedException e) {
            // the stand-in went away: the client's connection closes
        } finally {
            open.remove(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            reset(from);
            reset(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
