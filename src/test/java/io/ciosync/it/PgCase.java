package io.ciosync.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.ciosync.CustomerIoStandIn;

/**
 * An IT of the packaged application on a PostgreSQL schema of its own (dropped after each test; skipped without
 * {@value Pg#ENV}) and a Customer.io stand-in. Subclasses' own {@code @BeforeEach} run after these are up.
 */
abstract class PgCase {

    CustomerIoStandIn customerIo;
    Pg pg;

    @BeforeEach
    void startPgAndStandIn() throws Exception {
        pg = Pg.schema();
        customerIo = CustomerIoStandIn.start(0);
    }

    @AfterEach
    void stopPgAndStandIn() throws Exception {
        if (customerIo != null) {
            customerIo.close();
        }
        if (pg != null) {
            pg.close();
        }
    }
}
