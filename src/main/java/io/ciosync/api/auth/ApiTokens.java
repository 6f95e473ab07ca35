package io.ciosync.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ciosync.CioSyncConfig;
import io.ciosync.secrets.OwnerOnly;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The API's bearer tokens, each naming its tenant ({@code cio-sync.api-tokens}: {@code tenant:token,...}). Only
 * SHA-256 digests are kept, and a presented token is compared with every one of them in constant time. Without
 * configured tokens one is generated for tenant {@value #GENERATED_TENANT} at start, logged once and written to
 * {@code <data-dir>/api-token} (owner-only), so a local run works without setup.
 */
@Startup // the generated token must be printed at start, not at the first request
@ApplicationScoped
public class ApiTokens {

    static final String GENERATED_TENANT = "default";
    static final String TOKEN_FILE = "api-token";
    static final int MIN_TOKEN_LENGTH = 16;
    /** Not only dots: a tenant names its directory under the files root, and "." or ".." would be the root or above. */
    private static final Pattern TENANT = Pattern.compile("(?!\\.+$)[A-Za-z0-9._-]{1,100}");

    private record Entry(String tenant, byte[] digest) {}

    private final List<Entry> entries;

    @Inject
    ApiTokens(CioSyncConfig config) {
        this(config.apiTokens().orElse(List.of()), config.dataDir());
    }

    ApiTokens(List<String> configured, Path dataDir) {
        this.entries = configured.isEmpty() ? List.of(generate(dataDir)) : parse(configured);
    }

    /** The tenant whose token this is, if it is one. */
    public Optional<String> tenantOf(String token) {
        byte[] presented = sha256(token);
        String found = null;
        for (Entry e : entries) { // no early exit: the time taken does not depend on which entry matches
            if (MessageDigest.isEqual(e.digest(), presented)) {
                found = e.tenant();
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> parse(List<String> configured) {
        List<Entry> parsed = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            String item = configured.get(i).trim();
            int colon = item.indexOf(':');
            String tenant = colon < 0 ? "" : item.substring(0, colon);
            String token = colon < 0 ? "" : item.substring(colon + 1);
            String where = "cio-sync.api-tokens entry " + (i + 1);
            if (!TENANT.matcher(tenant).matches()) {
                throw new IllegalStateException(where
                        + " must be tenant:token with a tenant of letters, digits, '.', '_' or '-', not only dots");
            }
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException(where + " (tenant " + tenant + "): the token must have at least "
                        + MIN_TOKEN_LENGTH + " characters");
            }
            byte[] digest = sha256(token);
            if (parsed.stream().anyMatch(e -> MessageDigest.isEqual(e.digest(), digest))) {
                throw new IllegalStateException(where + " (tenant " + tenant + "): the same token is given twice");
            }
            parsed.add(new Entry(tenant, digest));
        }
        return List.copyOf(parsed);
    }

    private static Entry generate(Path dataDir) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = dataDir.resolve(TOKEN_FILE);
        writeOwnerOnly(file, token);
        Log.warnf("""
                No API token is configured (cio-sync.api-tokens / CIO_SYNC_API_TOKENS).
                ======== GENERATED API TOKEN for tenant "%s", valid until this process stops ========
                %s
                ======== also in %s; send it as: curl -H "Authorization: Bearer $(cat %s)" …""", GENERATED_TENANT, token, file, file);
        return new Entry(GENERATED_TENANT, sha256(token));
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the generated API token in " + file, e);
        }
        OwnerOnly.create(file, content + "\n");
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
