-- The one lease mechanism (io.ciosync.job.Leases) for completion notices and schedule ticks, as job_chunk has had
-- since V1: which replica holds the lease, and until when. A notice is claimed for one attempt (notify_owner set, the
-- attempt counted); a schedule while the job of its tick is being started. A lease that is not renewed (its replica
-- died, lost the database, or gave it up) expires and is handed back.
ALTER TABLE sync_job ADD COLUMN notify_owner VARCHAR(100);
ALTER TABLE sync_job ADD COLUMN notify_lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE sync_schedule ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE sync_schedule ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
