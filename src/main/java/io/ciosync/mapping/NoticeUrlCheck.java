package io.ciosync.mapping;

import java.util.Optional;

/**
 * The server's rule for a job's {@code notify.url}, checked with the rest of its config. Implemented where notices
 * are sent ({@code io.ciosync.notify.NotifyUrls}), so that mapping depends on no feature that uses it.
 */
public interface NoticeUrlCheck {

    /** Why a notice may not go to {@code url}, as the end of a sentence naming the field; empty when it may. */
    Optional<String> refusal(String url);
}
