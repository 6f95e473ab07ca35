package io.ciosync.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Where the command talks to its user: progress and the summary on {@code out}, problems on {@code err}. When
 * {@code interactive} (a terminal, not a pipe or a file) the progress line is redrawn in place.
 */
public record Terminal(PrintStream out, PrintStream err, boolean interactive) {

    /** The process's own streams; interactive when the standard streams are a terminal. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, isTerminal(System.console()));
    }

    /** Why the input cannot be used: one line per problem, on the error stream. */
    public void problems(String headline, java.util.List<String> problems) {
        err.println(headline + (problems.size() == 1 ? " (1 problem):" : " (" + problems.size() + " problems):"));
        problems.forEach(p -> err.println("  " + p));
    }

    /** Java 22+ returns a console even when redirected and tells with {@code isTerminal()}; Java 21 returns null. */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
