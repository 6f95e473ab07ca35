package io.ciosync.customerio;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Customer.io's answer to an accepted v2 batch: {@code {}} (200, every entry accepted) or
 * {@code {"errors": [...]}} (207, the entries at {@code batch_index} were rejected, all others accepted).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchAnswer(List<EntryError> errors) {

    /** One rejected entry, in Customer.io's words. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EntryError(
            @JsonProperty("batch_index") Integer batchIndex, String reason, String field, String message) {

        /** "reason (field): message", leaving out what Customer.io left empty. */
        public String describe() {
            StringBuilder s = new StringBuilder(reason == null || reason.isBlank() ? "rejected" : reason);
            if (field != null && !field.isBlank()) {
                s.append(" (").append(field).append(')');
            }
            if (message != null && !message.isBlank()) {
                s.append(": ").append(message);
            }
            return s.toString();
        }
    }

    public List<EntryError> errorsOrEmpty() {
        return errors == null ? List.of() : errors;
    }
}
