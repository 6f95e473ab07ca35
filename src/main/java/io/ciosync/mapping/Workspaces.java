package io.ciosync.mapping;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException.Violation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The server's named Customer.io workspaces ({@code cio-sync.workspaces.<name>.site-id/api-key}): a job config may
 * say {@code "workspace": "prod"} instead of carrying a site id and API key, so clients never hold the key. Only the
 * tenants a workspace lists ({@code .tenants}; {@value #EVERY_TENANT} for all) may name it; to anyone else it does not
 * exist. A workspace without a list is open to no tenant, and said so at start (docs/tenancy.md).
 */
@Startup // a workspace without credentials must stop start-up, not the first job naming it
@ApplicationScoped
public class Workspaces {

    /** The site id and API key a job sends with. */
    public record Credentials(String siteId, String apiKey) {
        /** Stands in for the credentials of a workspace that does not exist: the request is refused anyway. */
        static final Credentials UNRESOLVED = new Credentials("unresolved", "unresolved");

        @Override
        public String toString() {
            return "Credentials[siteId=" + siteId + "]";
        }
    }

    /** The entry of a workspace's tenants list that lets every tenant use it. */
    static final String EVERY_TENANT = "*";

    private final Map<String, CioSyncConfig.NamedWorkspace> named;

    Workspaces(CioSyncConfig config) {
        this.named = Map.copyOf(config.workspaces());
        named.forEach((name, workspace) -> {
            if (workspace.siteId().isBlank() || workspace.apiKey().isBlank()) {
                throw new IllegalStateException("cio-sync.workspaces." + name + " needs both site-id and api-key");
            }
            if (workspace.tenants().isEmpty()) {
                Log.warnf(
                        "cio-sync.workspaces.%s lists no tenants: no job may use it until "
                                + "cio-sync.workspaces.%s.tenants names them (comma-separated, or %s for every tenant); "
                                + "see docs/tenancy.md",
                        name, name, EVERY_TENANT);
            }
        });
    }

    /** Whether {@code tenant} may name the workspace. */
    private static boolean allows(CioSyncConfig.NamedWorkspace workspace, String tenant) {
        List<String> tenants = workspace.tenants().orElse(List.of());
        return tenants.contains(EVERY_TENANT) || tenant != null && tenants.contains(tenant);
    }

    /**
     * The credentials a job config names: its own {@code site-id}/{@code api-key}, or those of the workspace it
     * names. Naming an unknown workspace, one {@code tenant} may not use (in the same words), or a workspace together
     * with credentials, is a problem.
     */
    Credentials of(JsonNode config, String where, String tenant, List<Violation> problems) {
        JsonNode name = config.get("workspace");
        if (name == null || name.isNull()) {
            return new Credentials(text(config, "site-id"), text(config, "api-key"));
        }
        for (String key : List.of("site-id", "api-key")) {
            if (config.hasNonNull(key)) {
                problems.add(new Violation(
                        where + "." + key,
                        "must not be given with \"workspace\": the server " + "holds the workspace's credentials"));
            }
        }
        CioSyncConfig.NamedWorkspace workspace = name.isTextual() ? named.get(name.textValue()) : null;
        if (workspace == null || !allows(workspace, tenant)) {
            if (name.isTextual()) {
                problems.add(new Violation(
                        where + ".workspace",
                        "'" + UserLimits.abbreviate(name.textValue())
                                + "' is not a workspace configured on this server (cio-sync.workspaces)"));
            }
            return Credentials.UNRESOLVED;
        }
        return new Credentials(workspace.siteId(), workspace.apiKey());
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
