package io.ciosync.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ciosync.mapping.NoticeUrlCheck;
import io.quarkus.runtime.Startup;

/**
 * Where completion notices may go: http(s) URLs without a user name, normalized (lower-case scheme and host, no
 * default port, dot segments resolved, no fragment), that start with one of the server's
 * {@code cio-sync.notify.allowed-urls} prefixes. Checked when a job is submitted and again before every POST, so a
 * prefix removed from the server's list stops the notices still due. A bad prefix stops the start.
 */
@Startup
@ApplicationScoped
public class NotifyUrls implements NoticeUrlCheck {

    static final String SETTING = "cio-sync.notify.allowed-urls";

    private final List<String> prefixes;

    @Inject
    NotifyUrls(NotifyConfig config) {
        this(config.allowedUrls().orElse(List.of()));
    }

    NotifyUrls(List<String> allowed) {
        this.prefixes = allowed.stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .map(NotifyUrls::prefix)
                .toList();
    }

    /**
     * What may be shown of a notice URL outside its job, in logs and messages: {@code scheme://host[:port]}, never the
     * path or query, where a webhook URL often carries its secret.
     */
    public static String origin(String url) {
        return NoticeErrors.origin(URI.create(url));
    }

    @Override
    public Optional<String> refusal(String url) {
        URI target;
        try {
            target = normalize(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (prefixes.isEmpty()) {
            return Optional.of(
                    "cannot be notified: completion notices are off on this server (" + SETTING + " is empty)");
        }
        String normalized = target.toString();
        return prefixes.stream().anyMatch(normalized::startsWith)
                ? Optional.empty()
                : Optional.of("is not under a URL prefix this server allows (" + SETTING + ")");
    }

    /**
     * The URL a notice is POSTed to: {@code url} normalized.
     *
     * @throws IllegalArgumentException naming why it is no http(s) URL a notice may go to
     */
    static URI normalize(String url) {
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold a user name or password");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.equals("/..") || path.startsWith("/../")) {
            throw new IllegalArgumentException("must not climb above the root of its host (..)");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            throw new IllegalArgumentException("must not hold encoded dots, slashes or backslashes in its path");
        }
        int port = uri.getPort() == (scheme.equals("https") ? 443 : 80) ? -1 : uri.getPort();
        return URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port)
                + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** An allowed prefix as normalized URLs are compared with it; {@code http://host:} (any port) stays so. */
    static String prefix(String entry) {
        try {
            int authority = entry.indexOf("://");
            if (authority > 0 && entry.endsWith(":") && entry.indexOf('/', authority + 3) < 0) {
                String host = normalize(entry.substring(0, entry.length() - 1)).toString();
                return host.substring(0, host.length() - 1) + ":";
            }
            return normalize(entry).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SETTING + ": '" + entry + "' " + e.getMessage());
        }
    }
}
