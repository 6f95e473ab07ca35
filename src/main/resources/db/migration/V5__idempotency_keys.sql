-- Idempotency-Key of POST /syncs: the hash of the body it was first used with, and the job it created
-- (null while that job is being ingested).
CREATE TABLE idempotency_key (
    tenant      VARCHAR(100) NOT NULL,
    idem_key    VARCHAR(255) NOT NULL,
    body_hash   VARCHAR(64)  NOT NULL,
    job_id      VARCHAR(36)  REFERENCES sync_job (id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, idem_key)
);
