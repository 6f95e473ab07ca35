-- Skip unchanged users: per workspace (fingerprint scope: region/site id/identifier kind) and user id, the SHA-256
-- of the payload Customer.io last accepted. A job's users carry the fingerprint of their payload.
CREATE TABLE person_fingerprint (
    scope        VARCHAR(300)  NOT NULL,
    user_id      VARCHAR(200)  NOT NULL,
    fingerprint  VARCHAR(64)   NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, user_id)
);
ALTER TABLE job_user ADD COLUMN fingerprint VARCHAR(64);
ALTER TABLE sync_job ADD COLUMN fingerprint_scope VARCHAR(300);
ALTER TABLE sync_job ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;
