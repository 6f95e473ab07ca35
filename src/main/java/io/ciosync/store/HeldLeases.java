package io.ciosync.store;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this replica's workers hold at this moment: the only ones its heartbeat renews. A lease is held from a
 * claim that was seen to commit until its work is recorded, handed back, or given up (its release failed): one that
 * nobody here holds any more is left to expire and be reclaimed, whatever the database still says about its owner.
 */
public final class HeldLeases<K> {

    private final Set<K> held = ConcurrentHashMap.newKeySet();

    /** A new lease owner: this process ({@code pid@host}) and a random part, unique among replicas and restarts. */
    public static String newOwner() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A worker took {@code key} (its claim committed). */
    public void hold(K key) {
        held.add(key);
    }

    /** The worker is done with {@code key}: recorded, handed back, or given up. */
    public void drop(K key) {
        held.remove(key);
    }

    /** What is held now, to renew. */
    public List<K> now() {
        return List.copyOf(held);
    }
}
