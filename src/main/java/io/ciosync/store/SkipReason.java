package io.ciosync.store;

import java.util.Locale;

/**
 * Why a user is {@code skipped} before sending, as a small fixed set: the {@code reason} label of the
 * {@code ciosync_users_total{outcome="skipped"}} counter (the stored outcome keeps the full text).
 */
public enum SkipReason {
    /** The record is not a JSON object. */
    INVALID_RECORD,
    /** No userId value, or one Customer.io cannot take (blank, too long, not an email or cio_id as configured). */
    INVALID_USER_ID,
    /** A value its mapping's {@code type} cannot convert. */
    INVALID_VALUE,
    /** Over one of Customer.io's size limits (attributes, value or batch entry bytes). */
    OVER_LIMIT,
    /** An earlier record of the job has the same userId. */
    DUPLICATE_USER_ID,
    /** An earlier user of the job holds the same email (see {@code "duplicateEmails"}). */
    DUPLICATE_EMAIL;

    /** The metric label value, e.g. {@code duplicate_email}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
