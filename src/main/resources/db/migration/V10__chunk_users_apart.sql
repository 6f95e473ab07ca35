-- A chunk's users are written once and only read after (to deliver, view or retry them), while its job_chunk row
-- changes with every claim, completion and lease hand-back, and is read by every count of a job's open chunks. In
-- the same row, the users blob (a few hundred KB deflated) was rewritten by each of those updates and read by each
-- of those queries, as the embedded database stores and reads a row whole: it filled H2's cache and made most of a
-- 1,000,000-user job's allocations. The users move to a table of their own, keyed like the chunk.
CREATE TABLE job_chunk_users (
    job_id   VARCHAR(36) NOT NULL,
    chunk_no INTEGER     NOT NULL,
    users    BYTEA       NOT NULL,
    PRIMARY KEY (job_id, chunk_no),
    FOREIGN KEY (job_id, chunk_no) REFERENCES job_chunk (job_id, chunk_no) ON DELETE CASCADE
);
INSERT INTO job_chunk_users (job_id, chunk_no, users)
    SELECT job_id, chunk_no, users FROM job_chunk WHERE users IS NOT NULL;
ALTER TABLE job_chunk DROP COLUMN users;
