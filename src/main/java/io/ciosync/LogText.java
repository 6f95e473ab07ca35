package io.ciosync;

/**
 * Text that came from outside (user ids, Customer.io's and receivers' messages, file names, cron expressions) made
 * safe to log: every control character is escaped ({@code \n}, {@code \r}, {@code \t}, others as {@code \u001b}),
 * so no such text can start a forged log line or move a terminal's cursor. Null stays null.
 */
public final class LogText {

    /** The MDC key of the job a log line is about (a field of JSON logs, {@code %X{jobId}} in text). */
    public static final String JOB_ID = "jobId";

    private LogText() {}

    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
