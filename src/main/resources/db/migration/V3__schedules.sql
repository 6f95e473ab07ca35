-- Recurring syncs. job_request is the sync request replayed at every tick (configFile or config, and dataFile),
-- without the API key, which is kept only encrypted (api_key_enc). next_fire is advanced by whichever replica
-- claims the tick (compare-and-set on its old value); deleted schedules are kept for their history.
CREATE TABLE sync_schedule (
    id             VARCHAR(36)     NOT NULL PRIMARY KEY,
    tenant         VARCHAR(100)    NOT NULL,
    cron           VARCHAR(200)    NOT NULL,
    time_zone      VARCHAR(64)     NOT NULL,
    job_request    VARCHAR(200000) NOT NULL,
    api_key_enc    VARCHAR(2000),
    skip_unchanged BOOLEAN,
    next_fire      TIMESTAMP WITH TIME ZONE NOT NULL,
    skipped_ticks  INTEGER         NOT NULL DEFAULT 0,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sync_schedule_due ON sync_schedule (next_fire);

-- One row per tick, inserted by the replica that claimed it: the primary key makes a second start impossible.
-- outcome: starting (job being ingested), started, skipped (the previous job still ran), failed (could not start).
-- job_id is not a foreign key: jobs are purged by retention on their own.
CREATE TABLE schedule_run (
    schedule_id  VARCHAR(36)   NOT NULL REFERENCES sync_schedule (id) ON DELETE CASCADE,
    fire_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_by     VARCHAR(100)  NOT NULL,
    outcome      VARCHAR(16)   NOT NULL,
    job_id       VARCHAR(36),
    error        VARCHAR(2000),
    PRIMARY KEY (schedule_id, fire_time)
);
