package io.ciosync.mapping;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What "unchanged" means: the SHA-256 of the payload a user is sent (its attributes in mapping order, as JSON), kept
 * per scope — the workspace (region and site id) and which identifier the user ids are.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** The fingerprint of a payload already serialized as JSON (UTF-8). */
    public static String of(byte[] payloadJson) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(payloadJson);
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String scope(SyncConfig config) {
        return config.region() + "/" + config.siteId() + "/"
                + config.identifierKind().wire();
    }
}
