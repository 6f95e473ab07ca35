package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import io.ciosync.store.LegacyUserRows;

/** Moves the per-user rows of jobs stored before V7 into their chunks, then drops {@code job_user}. */
public class V8__users_into_chunks extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        LegacyUserRows.convert(context.getConnection());
    }
}
