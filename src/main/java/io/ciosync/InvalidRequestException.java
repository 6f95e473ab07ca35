package io.ciosync;

import java.util.List;

/** A request that cannot be accepted; carries every problem found, each naming where it is. */
public class InvalidRequestException extends RuntimeException {

    /** One problem: {@code field} is a path into the request ({@code config.parallelism}, {@code data[3]}). */
    public record Violation(String field, String message) {}

    private final int status;
    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        this(400, violations);
    }

    public InvalidRequestException(int status, List<Violation> violations) {
        super(violations.size() + " problem(s): " + violations);
        this.status = status;
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new Violation(field, message)));
    }

    /** A request too large (413) because of {@code field}. */
    public static InvalidRequestException tooLarge(String field, String message) {
        return new InvalidRequestException(413, List.of(new Violation(field, message)));
    }

    public int status() {
        return status;
    }

    public List<Violation> violations() {
        return violations;
    }
}
