package io.ciosync.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shell blocks of a Markdown file and their commands, as {@link ReadmeExamplesIT} reads them. */
final class ExampleBlocks {

    private static final Pattern FENCE = Pattern.compile("^```(bash|sh|shell)\\s*$");
    /** A status at the start of a comment: {@code # 202 …} or {@code # HTTP/1.1 202 Accepted}. */
    private static final Pattern STATUS = Pattern.compile("^#\\s*(?:HTTP/[\\d.]+\\s+)?([1-5]\\d\\d)\\b");
    /** Another accepted status named in the comment: {@code (409 if it has already ended)}. */
    private static final Pattern ALTERNATIVE = Pattern.compile("\\((\\d{3}) (?:if|when|while)\\b");

    private ExampleBlocks() {}

    /** A fenced shell block; {@code line} is the 1-based line of its first line. */
    record Block(int line, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    /** One command of a block; {@code statuses} are those its comment shows (empty: none shown). */
    record Command(int line, String text, boolean callsService, Set<Integer> statuses) {}

    static List<Block> of(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (FENCE.matcher(lines.get(i).trim()).matches()) {
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).trim().equals("```")) {
                    end++;
                }
                blocks.add(new Block(start + 1, lines.subList(start, end)));
                i = end;
            }
        }
        return blocks;
    }

    static List<Command> commands(Block block) {
        List<Command> commands = new ArrayList<>();
        List<String> lines = block.lines();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).isBlank() || lines.get(i).trim().startsWith("#")) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder(lines.get(i));
            while (i + 1 < lines.size() && continues(text.toString())) {
                text.append('\n').append(lines.get(++i));
            }
            List<String> comments = new ArrayList<>();
            int inline = inlineComment(text.toString(), text.lastIndexOf("\n") + 1);
            if (inline >= 0) {
                comments.add(text.substring(inline).trim());
            }
            while (i + 1 < lines.size() && lines.get(i + 1).trim().startsWith("#")) {
                comments.add(lines.get(++i).trim());
            }
            i++;
            commands.add(new Command(
                    block.line() + start,
                    text.toString(),
                    text.toString().contains("localhost:8080"),
                    statuses(comments)));
        }
        return commands;
    }

    /** The status of the first comment line that starts with one, and the alternatives the comments name. */
    private static Set<Integer> statuses(List<String> comments) {
        Set<Integer> statuses = new LinkedHashSet<>();
        comments.stream()
                .map(STATUS::matcher)
                .filter(Matcher::find)
                .findFirst()
                .ifPresent(status -> statuses.add(Integer.valueOf(status.group(1))));
        if (!statuses.isEmpty()) {
            Matcher alternative = ALTERNATIVE.matcher(String.join("\n", comments));
            while (alternative.find()) {
                statuses.add(Integer.valueOf(alternative.group(1)));
            }
        }
        return statuses;
    }

    /** Whether a command goes on to the next line: a trailing backslash, or a single quote still open. */
    private static boolean continues(String text) {
        return text.endsWith("\\") || openQuote(text, text.length()) == '\'';
    }

    /** Where a {@code #} comment starts in the text from {@code from} on (outside quotes, after a blank), or -1. */
    private static int inlineComment(String text, int from) {
        for (int i = Math.max(from, 1); i < text.length(); i++) {
            if (text.charAt(i) == '#' && Character.isWhitespace(text.charAt(i - 1)) && openQuote(text, i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The quote open at {@code end} of the text ({@code '} or {@code "}), or 0; a comment's quotes do not count. */
    private static char openQuote(String text, int end) {
        char open = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (open == 0 && c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                int newline = text.indexOf('\n', i); // skip the comment (it's, tick's…) to the end of its line
                if (newline < 0 || newline >= end) {
                    return 0;
                }
                i = newline;
            } else if (open == 0 && (c == '\'' || c == '"')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        return open;
    }
}
