package io.ciosync.customerio;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Where and as whom a job's users are sent. {@link #toString()} never shows the credentials. */
public record Workspace(String siteId, String region, String host, String authorization) {

    public static Workspace of(String siteId, String apiKey, String region, String host) {
        String basic = Base64.getEncoder().encodeToString((siteId + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
        return new Workspace(siteId, region, host, "Basic " + basic);
    }

    /** The workspace, without credentials: its site id and region ({@code site@us}). */
    public String key() {
        return siteId + "@" + region;
    }

    @Override
    public String toString() {
        return "Workspace[siteId=" + siteId + ", region=" + region + ", host=" + host + "]";
    }
}
