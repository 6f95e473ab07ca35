-- Users of a cancelled job that were never sent, and the job a retry job resends the failed users of.
ALTER TABLE sync_job ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_job ADD COLUMN retry_of VARCHAR(36);
