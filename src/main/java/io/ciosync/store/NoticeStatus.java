package io.ciosync.store;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's completion notice as {@code GET /syncs/{id}} shows it: {@code pending} (the job has not ended, or the notice
 * is being sent or waits for its next attempt), {@code sent} (a 2xx answer) or {@code gave_up}; {@code attempts} POSTs
 * so far and the last one's error.
 */
public record NoticeStatus(
        String url,
        String state,
        int attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String GAVE_UP = "gave_up";
}
