-- Completion notices (job config "notify": {"url": ...}): once a job has ended, its summary is POSTed to notify_url.
-- notify_state: NULL = not looked at yet (the job has not ended, or no replica has seen it end since), 'none' = the
-- job asked for no notice, 'due' = to be sent at notify_next_at, 'sent', 'gave_up'. A replica claims a due notice by
-- moving notify_next_at one lease ahead and counting the attempt (SELECT ... FOR UPDATE SKIP LOCKED); it records the
-- answer only while notify_attempts is still the attempt it made, so a replica whose lease ran out changes nothing.
ALTER TABLE sync_job ADD COLUMN notify_url VARCHAR(2000);
ALTER TABLE sync_job ADD COLUMN notify_state VARCHAR(16);
ALTER TABLE sync_job ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_job ADD COLUMN notify_next_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE sync_job ADD COLUMN notify_error VARCHAR(2000);
-- jobs stored before completion notices existed cannot have asked for one
UPDATE sync_job SET notify_state = 'none';
CREATE INDEX sync_job_notify ON sync_job (notify_state, notify_next_at);
