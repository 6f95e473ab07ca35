package io.ciosync.cli;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One jar, two uses: {@code java -jar quarkus-run.jar} starts the service; {@code java -jar quarkus-run.jar sync
 * -c config.json -d data.json} runs one sync from the command line and exits (see {@link Cli}).
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(Cli.COMMAND)) {
            System.exit(Cli.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
