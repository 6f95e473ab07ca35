package io.ciosync.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.CioSyncConfig;
import io.ciosync.mapping.Identifier;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.store.JobRecord;
import io.ciosync.store.UserOutcomes;

/** The report of a dry run ({@code "dryRun": true}): counts and the exact requests of its first users. */
@ApplicationScoped
class DryRuns {

    private final UserOutcomes jobs;
    private final ObjectMapper json;
    private final int previewSize;

    DryRuns(UserOutcomes jobs, ObjectMapper json, CioSyncConfig config) {
        this.jobs = jobs;
        this.json = json;
        this.previewSize = config.dryRunPreview();
    }

    /** Whether a job's stored (or shown) config asks for a dry run. */
    static boolean requested(JsonNode config) {
        return config.path("dryRun").asBoolean(false);
    }

    /** Whether a stored job is a dry run (its config says so). */
    static boolean requested(JobRecord job, ObjectMapper json) {
        try {
            return requested(json.readTree(job.configJson()));
        } catch (IOException e) {
            throw new IllegalStateException("stored config of job " + job.id() + " is not JSON", e);
        }
    }

    /** Empty unless the job is a dry run. */
    Optional<Views.DryRun> report(JobRecord job, ObjectNode config) {
        if (!requested(config)) {
            return Optional.empty();
        }
        try {
            Identifier identifier = json.treeToValue(config, SyncConfig.class).identifierKind();
            List<Views.Preview> preview = new ArrayList<>();
            for (UserOutcomes.Preview p : jobs.previews(job.id(), previewSize)) {
                preview.add(new Views.Preview(p.userId(), identifier.v1Path(p.userId()), json.readTree(p.payload())));
            }
            return Optional.of(new Views.DryRun(job.total() - job.skipped() - job.unchanged(), preview));
        } catch (IOException e) { // JsonProcessingException, or an I/O error reading bytes in memory (none)
            throw new IllegalStateException("stored config or payload of job " + job.id() + " is not JSON", e);
        }
    }
}
