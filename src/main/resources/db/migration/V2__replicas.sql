-- The live replicas: each one heartbeats its row and takes (workspace budget ÷ live replicas) of every
-- Customer.io workspace's request budget. Rows not seen for cio-sync.delivery.replica-expiry are dead.
CREATE TABLE replica (
    id           VARCHAR(100)  NOT NULL PRIMARY KEY,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX replica_seen ON replica (seen_at);
