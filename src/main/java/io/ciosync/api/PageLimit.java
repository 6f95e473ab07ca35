package io.ciosync.api;

import io.ciosync.InvalidRequestException;

/** The {@code limit} query parameter of the paged resources: 1 to 1000 items, a resource's default when absent. */
final class PageLimit {

    static final int MAX = 1000;

    private PageLimit() {}

    static int of(Integer limit, int orDefault) {
        int size = limit == null ? orDefault : limit;
        if (size < 1 || size > MAX) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MAX);
        }
        return size;
    }
}
