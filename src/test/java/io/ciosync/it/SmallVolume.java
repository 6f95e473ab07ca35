package io.ciosync.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted under {@code target/} for a test's data directory: a disk that fills up for real. Mounting
 * needs root (CI and the development machine run as root); without it the test is skipped, saying why.
 */
final class SmallVolume implements AutoCloseable {

    private final Path path;

    private SmallVolume(Path path) {
        this.path = path;
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code path}, or skips the test with a message on the console. */
    static SmallVolume mount(Path path, int megabytes) throws IOException, InterruptedException {
        Path absolute = path.toAbsolutePath();
        Files.createDirectories(absolute);
        String user = System.getProperty("user.name");
        String problem = "root".equals(user)
                ? run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "cio-sync-it", absolute.toString())
                : "the tests run as " + user + ", not root";
        if (problem != null) {
            System.out.println("[SKIPPED] disk-full tests need a small volume: cannot mount a tmpfs at " + absolute
                    + " (" + problem + "); run them as root");
        }
        assumeTrue(problem == null, "cannot mount a tmpfs at " + absolute + ": " + problem);
        return new SmallVolume(absolute);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String problem = run("umount", path.toString());
        if (problem != null && run("umount", "-l", path.toString()) != null) { // busy: detach it now, freed later
            throw new IOException("cannot unmount " + path + ": " + problem);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
    }
}
