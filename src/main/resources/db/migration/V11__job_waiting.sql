-- Why a running job is not moving, per replica delivering it: Customer.io unreachable (its workspace's delivery is
-- paused) or requests being retried. Shown by GET /syncs/{id} as "waiting" while the job runs.
CREATE TABLE job_waiting (
    job_id       VARCHAR(36)   NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    replica      VARCHAR(100)  NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, replica)
);

-- Requests being retried: their users, still pending, show the attempts so far and the last error. One row per
-- request (users first_seq..last_seq still pending), deleted when the request ends.
CREATE TABLE job_retrying (
    job_id       VARCHAR(36)   NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    first_seq    INTEGER       NOT NULL,
    last_seq     INTEGER       NOT NULL,
    attempts     INTEGER       NOT NULL,
    error        VARCHAR(2000),
    PRIMARY KEY (job_id, first_seq)
);
