package io.ciosync.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links and heading anchors of a Markdown file, as GitHub renders them: links in fenced code blocks and inline
 * code spans are text, not links; a heading's anchor is its text lower-cased, with every character but letters,
 * digits, spaces, hyphens and underscores removed and spaces turned into hyphens ({@code -1}, {@code -2}… for repeats).
 */
final class MarkdownLinks {

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    /** {@code [text](target)} or {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(\\s*([^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{N} _-]");

    private MarkdownLinks() {}

    /** A link's target as written, and the 1-based line it is on. */
    record Link(int line, String target) {}

    static List<Link> links(Path markdown) throws IOException {
        List<Link> links = new ArrayList<>();
        List<String> lines = proseLines(markdown);
        for (int i = 0; i < lines.size(); i++) {
            Matcher link = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
            while (link.find()) {
                links.add(new Link(i + 1, link.group(2)));
            }
        }
        return links;
    }

    /** The anchors of every heading of the file, in GitHub's form. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading's text: the text it shows (links by their text, code without backticks). */
    static String slug(String heading) {
        String shown = LINK.matcher(heading).replaceAll("$1").replace("`", "").replace("*", "");
        return NOT_IN_SLUG
                .matcher(shown.strip().toLowerCase(Locale.ROOT))
                .replaceAll("")
                .replace(' ', '-');
    }

    /** The file's lines with those of fenced code blocks blanked, so line numbers stay the file's own. */
    private static List<String> proseLines(Path markdown) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(markdown));
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher opens = FENCE.matcher(lines.get(i));
            boolean isFence = opens.find();
            if (fence == null && isFence) {
                fence = opens.group(1);
                lines.set(i, "");
            } else if (fence != null) {
                if (isFence && opens.group(1).equals(fence)) {
                    fence = null;
                }
                lines.set(i, "");
            }
        }
        return lines;
    }
}
