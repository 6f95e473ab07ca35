package io.ciosync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and docs/ hold together: the README stays short (the reference lives in docs/), and every relative link
 * of theirs leads to a file that exists and, with a {@code #anchor}, to a heading of it. Plain JUnit: nothing boots.
 */
class DocLinksTest {

    static final Path README = Path.of("README.md");
    static final int README_MAX_LINES = 200;

    @Test
    void theReadmeIsShort() throws IOException {
        assertThat(Files.readAllLines(README))
                .as("lines of README.md (the reference belongs in docs/)")
                .hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            for (MarkdownLinks.Link link : MarkdownLinks.links(doc)) {
                String problem = problem(doc, link.target());
                if (problem != null) {
                    broken.add(doc + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        assertThat(broken).as("links of README.md and docs/ that lead nowhere").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(MarkdownLinks.slug("Job config (the original `config.json`)"))
                .isEqualTo("job-config-the-original-configjson");
        assertThat(MarkdownLinks.slug("Named workspaces: `cio-sync.workspaces.<name>.tenants`"))
                .isEqualTo("named-workspaces-cio-syncworkspacesnametenants");
        assertThat(MarkdownLinks.slug("Two users, one email (`duplicateEmails`)"))
                .isEqualTo("two-users-one-email-duplicateemails");
        assertThat(MarkdownLinks.slug("One-shot: the command line against the official client"))
                .isEqualTo("one-shot-the-command-line-against-the-official-client");
        assertThat(MarkdownLinks.slug("See [the API](api.md) and **this**")).isEqualTo("see-the-api-and-this");
    }

    /** Why a link of {@code doc} leads nowhere, or null when it leads to a file (and heading) that exists. */
    private static String problem(Path doc, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto:…: not this repository's
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty()
                ? doc
                : doc.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file: " + file;
        }
        if (hash < 0) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        String anchor = target.substring(hash + 1);
        return MarkdownLinks.anchors(file).contains(anchor)
                ? null
                : "no heading of " + file.getFileName() + " has the anchor #" + anchor;
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }
}
