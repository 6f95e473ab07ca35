package io.ciosync.secrets;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The key of the API keys stored ({@code cio-sync.secrets.*}); see {@link ApiKeyCipher}. */
@ConfigMapping(prefix = "cio-sync.secrets")
public interface SecretsConfig {

    /** Base64 AES key (16 or 32 bytes) that encrypts API keys at rest; generated under data-dir on H2 when unset. */
    Optional<String> key();
}
