package io.ciosync.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;
import io.ciosync.store.IdempotencyKeys;
import io.ciosync.store.IdempotencyKeys.Claim;
import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStore;

/**
 * {@code Idempotency-Key} on {@code POST /syncs}: the same key and body (SHA-256) answer the job the first request
 * created instead of a second one; the same key with another body is a 422.
 */
@ApplicationScoped
class IdempotentSubmit {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY = 255;

    private final IdempotencyKeys keys;
    private final JobStore jobs;

    IdempotentSubmit(IdempotencyKeys keys, JobStore jobs) {
        this.keys = keys;
        this.jobs = jobs;
    }

    /** A body being read while its hash is computed. */
    static final class HashedBody {
        private final MessageDigest digest = sha256();
        private final DigestInputStream in;

        HashedBody(InputStream body) {
            this.in = new DigestInputStream(body, digest) {
                @Override
                public void close() {
                    // the parser closes what it reads; the rest is still hashed by hex(), the server closes the body
                }
            };
        }

        InputStream stream() {
            return in;
        }

        String hex() {
            try {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** The hash of a multipart submission: its config and data parts, in that order. */
    static String hash(SubmissionReader.Part... parts) {
        MessageDigest digest = sha256();
        for (SubmissionReader.Part part : parts) {
            digest.update(part == null ? new byte[] {0} : new byte[] {1});
            if (part != null && part.file() != null) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(part.file()), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (part != null && part.text() != null) {
                digest.update(part.text().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    RestResponse<Views.Accepted> submit(
            String tenant,
            String key,
            String hash,
            Submission submission,
            Function<Submission, RestResponse<Views.Accepted>> accept) {
        if (key == null) {
            return accept.apply(submission);
        }
        try (submission) {
            if (key.isBlank() || key.length() > MAX_KEY) {
                throw InvalidRequestException.of(HEADER, "must be 1 to " + MAX_KEY + " characters");
            }
            return switch (keys.claim(tenant, key, hash)) {
                case Claim.Fresh fresh -> first(tenant, key, submission, accept);
                case Claim.Replay replay -> replay(replay.jobId());
                case Claim.Mismatch mismatch ->
                    throw new InvalidRequestException(
                            422,
                            List.of(new Violation(
                                    HEADER,
                                    "was already used with a different request body; use a new key for a new job")));
                case Claim.InProgress busy ->
                    throw new InvalidRequestException(
                            409,
                            List.of(new Violation(
                                    HEADER, "a request with this key is still being accepted; repeat it in a moment")));
            };
        }
    }

    private RestResponse<Views.Accepted> first(
            String tenant,
            String key,
            Submission submission,
            Function<Submission, RestResponse<Views.Accepted>> accept) {
        try {
            RestResponse<Views.Accepted> answer = accept.apply(submission);
            keys.bind(tenant, key, answer.getEntity().id());
            return answer;
        } catch (RuntimeException e) {
            keys.release(tenant, key);
            throw e;
        }
    }

    private RestResponse<Views.Accepted> replay(String jobId) {
        JobRecord job = jobs.find(jobId).orElseThrow(() -> new NotFoundException("no sync job with id " + jobId));
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.ACCEPTED,
                        new Views.Accepted(
                                job.id(), job.status().wire(), job.total(), job.warnings(), Views.Links.of(job.id())))
                .header(HttpHeaders.LOCATION, "/syncs/" + job.id())
                .header(REPLAYED, "true")
                .build();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
