package io.ciosync.ingest;

import java.nio.file.Path;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * Where each tenant's files are ({@code cio-sync.tenant-files.<tenant>}): a tenant's {@code configFile} and
 * {@code dataFile} references resolve in {@code <cio-sync.files-root>/<tenant>/} unless this names another directory
 * for it. See docs/tenancy.md.
 */
@ConfigMapping(prefix = "cio-sync")
public interface TenantFilesConfig {

    /**
     * The directory of one tenant's files instead of {@code <files-root>/<tenant>}, e.g.
     * {@code cio-sync.tenant-files.team-a=/srv/exports/team-a}; tenants not named use the default.
     */
    Map<String, Path> tenantFiles();
}
