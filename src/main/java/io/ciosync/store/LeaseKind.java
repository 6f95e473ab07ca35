package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One kind of work claimed under a lease, as {@link Leases} needs to know it: chunks of jobs, completion notices and
 * schedule ticks are three kinds, written as SQL fragments of their own table.
 *
 * @param table    the table the work lives in
 * @param key      the key's condition, one {@code ?} per key column (e.g. {@code job_id = ? AND chunk_no = ?})
 * @param columns  what a claim reads of a row (what {@code reader} needs)
 * @param ready    the condition of a row that may be claimed; its {@code ?} are given at each claim
 * @param order    which ready rows are claimed first
 * @param owner    the column naming the lease's holder
 * @param until    the column holding the lease's end
 * @param leased   what a claim sets besides owner and end (e.g. {@code state = 'leased'}), or empty
 * @param held     the condition of a leased row besides its owner (e.g. {@code state = 'leased'})
 * @param handBack what a hand-back or a reclaim sets besides clearing owner and end, or empty
 * @param reader   a claimed row as the kind's key
 * @param binder   binds a key's columns from a parameter index on
 */
public record LeaseKind<K>(
        String table,
        String key,
        String columns,
        String ready,
        String order,
        String owner,
        String until,
        String leased,
        String held,
        String handBack,
        Reader<K> reader,
        Binder<K> binder) {

    /** A claimed row as a key. */
    @FunctionalInterface
    public interface Reader<K> {
        K read(ResultSet rs) throws SQLException;
    }

    /** Binds a key's columns from parameter {@code from} on. */
    @FunctionalInterface
    public interface Binder<K> {
        void bind(PreparedStatement ps, int from, K key) throws SQLException;
    }

    /** What ends a lease (recorded or handed back): owner and end cleared. */
    public String clear() {
        return owner + " = NULL, " + until + " = NULL";
    }
}
