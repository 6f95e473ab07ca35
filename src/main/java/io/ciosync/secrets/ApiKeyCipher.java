package io.ciosync.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;
import io.ciosync.store.Database;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * Encrypts Customer.io API keys at rest with AES-GCM, bound to their job id. The key comes from
 * {@code cio-sync.secrets.key}; on the embedded database without one, a key file is generated under the data dir.
 */
@Startup // a missing or wrong key must stop start-up, not the first job
@ApplicationScoped
public class ApiKeyCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    ApiKeyCipher(CioSyncConfig config, SecretsConfig secrets, Database database) {
        if (database.vendor().embedded()) {
            OwnerOnly.directory(config.dataDir()); // the embedded database's files, and the key file
        }
        byte[] raw = secrets.key().map(ApiKeyCipher::decodeConfiguredKey).orElseGet(() -> {
            if (!database.vendor().embedded()) {
                throw new IllegalStateException("cio-sync.secrets.key (CIO_SYNC_SECRETS_KEY) must be set when "
                        + "several replicas share PostgreSQL: every replica needs the same key to resume jobs");
            }
            return keyFile(config.dataDir().resolve("secret.key"));
        });
        if (raw.length != 16 && raw.length != 32) {
            throw new IllegalStateException("cio-sync.secrets.key must be 16 or 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    private static byte[] decodeConfiguredKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cio-sync.secrets.key (CIO_SYNC_SECRETS_KEY) is not valid base64: "
                    + "generate one with `openssl rand -base64 32`");
        }
    }

    public String encrypt(String jobId, String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, jobId, iv);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the API key", e);
        }
    }

    public String decrypt(String jobId, String stored) {
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            byte[] iv = java.util.Arrays.copyOf(in, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, jobId, iv);
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot decrypt the API key of job " + jobId + ": was cio-sync.secrets.key changed?");
        }
    }

    private Cipher cipher(int mode, String jobId, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            OwnerOnly.create(file, Base64.getEncoder().encodeToString(raw)); // never readable by others, not a moment
            Log.infof("generated the API-key encryption key %s (set cio-sync.secrets.key to manage it yourself)", file);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
