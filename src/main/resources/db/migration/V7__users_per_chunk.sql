-- Users are stored per chunk, not per row: job_chunk.users holds every user of the chunk's seq range (id, payload,
-- fingerprint, the outcome it was ingested with), job_chunk.outcomes what delivery made of them (runs of consecutive
-- users), both deflated (io.ciosync.job.ChunkCodec). pending counts the chunk's users still to send. A chunk is
-- 'held' while its job is being ingested, 'done' at once when it holds nobody to send. job_user rows of earlier
-- versions are converted by V8 and the table dropped.
ALTER TABLE job_chunk ADD COLUMN users BYTEA;
ALTER TABLE job_chunk ADD COLUMN outcomes BYTEA;
ALTER TABLE job_chunk ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX job_chunk_job_seq ON job_chunk (job_id, last_seq);
