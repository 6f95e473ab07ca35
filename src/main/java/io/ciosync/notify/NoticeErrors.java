package io.ciosync.notify;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What went wrong with a notice, in words fit for {@code GET /syncs/{id}} and the log: the receiver's origin at most,
 * never the URL's path or query (a webhook URL often carries its secret there), nor an exception's class name.
 */
final class NoticeErrors {

    private NoticeErrors() {}

    /** {@code scheme://host[:port]} of a notice URL: what logs and errors may show of it. */
    static String origin(URI target) {
        return target.getScheme() + "://" + target.getRawAuthority();
    }

    /** Null for a 2xx answer, else the status as an error. */
    static String ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return null;
        }
        return "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
    }

    /** A request that got no answer: connection refused, unknown host, TLS, timeout, or else its redacted message. */
    static String of(Throwable failure, URI target) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + target.getHost();
            }
            if (t instanceof ConnectException) {
                return "could not connect to " + origin(target);
            }
            if (t instanceof SSLException) {
                return "TLS handshake with " + origin(target) + " failed";
            }
            if (t.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")) {
                return "no answer from " + origin(target) + " in time (quarkus.rest-client.notify.read-timeout)";
            }
            root = t;
        }
        String message = root.getMessage() == null ? "no detail" : root.getMessage();
        String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        message = message.replace(target.toString(), origin(target) + "/…");
        for (String secret : new String[] {pathAndQuery, target.getRawPath()}) {
            if (secret.length() > 1) {
                message = message.replace(secret, "/…");
            }
        }
        return "the request failed: " + message;
    }
}
