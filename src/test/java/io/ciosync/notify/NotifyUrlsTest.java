package io.ciosync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list of notice URLs: normalization, prefix matching that no look-alike host passes, bad prefixes. */
class NotifyUrlsTest {

    private final NotifyUrls hooks = new NotifyUrls(List.of(" https://hooks.example.com ", "http://127.0.0.1:"));

    @Test
    void normalizesSchemeHostDefaultPortDotSegmentsAndFragment() {
        assertThat(NotifyUrls.normalize("HTTPS://Hooks.Example.COM:443/a/./b/../c?x=1#part"))
                .hasToString("https://hooks.example.com/a/c?x=1");
        assertThat(NotifyUrls.normalize("http://h")).hasToString("http://h/");
        assertThat(NotifyUrls.normalize("http://h:8080/p")).hasToString("http://h:8080/p");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com/cio",
                "https://HOOKS.example.com:443/cio?t=1",
                "https://hooks.example.com",
                "http://127.0.0.1:8080/x",
                "http://127.0.0.1:1/"
            })
    void allows(String url) {
        assertThat(hooks.refusal(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com.evil.io/cio",
                "https://hooks.example.com:8443/cio",
                "http://hooks.example.com/cio",
                "https://evil.io/https://hooks.example.com/",
                "http://127.0.0.10:80/",
                "http://127.0.0.1/x",
                "http://127.0.0.1.evil.io:8080/"
            })
    void refusesWhatNoPrefixCovers(String url) {
        assertThat(hooks.refusal(url)).hasValueSatisfying(r -> assertThat(r).contains("cio-sync.notify.allowed-urls"));
    }

    @Test
    void refusesWhatIsNoHttpUrlANoticeMayGoTo() {
        assertThat(hooks.refusal("ftp://hooks.example.com/x")).contains("must be an http or https URL");
        assertThat(hooks.refusal("hooks.example.com/x")).contains("must be an http or https URL");
        assertThat(hooks.refusal("https://u:p@hooks.example.com/x")).contains("must not hold a user name or password");
        assertThat(hooks.refusal("https:///x")).contains("must name a host");
        assertThat(hooks.refusal("https://hooks.example.com/../x"))
                .contains("must not climb above the root of its host (..)");
        assertThat(hooks.refusal("https://hooks.example.com/a/%2E%2E/x"))
                .contains("must not hold encoded dots, slashes or backslashes in its path");
        assertThat(hooks.refusal("https://hooks.example.com/a b"))
                .hasValueSatisfying(r -> assertThat(r).startsWith("is not a URL"));
    }

    @Test
    void anEmptyListRefusesEveryNotice() {
        assertThat(new NotifyUrls(List.of()).refusal("https://hooks.example.com/x"))
                .hasValueSatisfying(r -> assertThat(r).contains("off on this server"));
    }

    @Test
    void aBadPrefixStopsTheStart() {
        assertThatThrownBy(() -> new NotifyUrls(List.of("ftp://files.example.com/")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cio-sync.notify.allowed-urls")
                .hasMessageContaining("ftp://files.example.com/");
    }

    @Test
    void backoffDoublesFromTheFirstWaitUpToTheLongest() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(5);
        assertThat(List.of(1, 2, 3, 4, 9, 10, 1000).stream().map(n -> Notifier.backoff(first, max, n)))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(256),
                        max,
                        max);
    }
}
