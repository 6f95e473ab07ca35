-- One row per accepted job; the Customer.io API key is kept only encrypted (api_key_enc).
CREATE TABLE sync_job (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant       VARCHAR(100)  NOT NULL,
    status       VARCHAR(32)   NOT NULL,
    config       VARCHAR(200000) NOT NULL,
    api_key_enc  VARCHAR(2000) NOT NULL,
    warnings     VARCHAR(4000),
    total        INTEGER       NOT NULL DEFAULT 0,
    synced       INTEGER       NOT NULL DEFAULT 0,
    failed       INTEGER       NOT NULL DEFAULT 0,
    skipped      INTEGER       NOT NULL DEFAULT 0,
    error        VARCHAR(4000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sync_job_status ON sync_job (status, created_at);
CREATE INDEX sync_job_finished ON sync_job (finished_at);

-- One row per input user, in input order (seq); payload is the mapped attribute object as JSON.
CREATE TABLE job_user (
    job_id       VARCHAR(36)   NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    seq          INTEGER       NOT NULL,
    user_id      VARCHAR(200),
    payload      VARCHAR(1000000),
    outcome      VARCHAR(16)   NOT NULL,
    http_status  INTEGER,
    attempts     INTEGER       NOT NULL DEFAULT 0,
    error        VARCHAR(2000),
    updated_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX job_user_outcome ON job_user (job_id, outcome, seq);
CREATE INDEX job_user_user_id ON job_user (job_id, user_id);

-- The unit of work: a range of seq claimed by one replica under a lease.
CREATE TABLE job_chunk (
    job_id       VARCHAR(36)   NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    chunk_no     INTEGER       NOT NULL,
    first_seq    INTEGER       NOT NULL,
    last_seq     INTEGER       NOT NULL,
    queued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    lease_owner  VARCHAR(100),
    lease_until  TIMESTAMP WITH TIME ZONE,
    done_by      VARCHAR(100),
    PRIMARY KEY (job_id, chunk_no)
);
CREATE INDEX job_chunk_claim ON job_chunk (state, chunk_no, queued_at);
CREATE INDEX job_chunk_lease ON job_chunk (state, lease_until);
