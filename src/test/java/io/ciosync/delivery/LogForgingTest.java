package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.LogCapture;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A user id and a Customer.io message that each carry a forged log line (newline, carriage return, an ANSI escape,
 * a NUL) are logged as one line: formatted by the application's own text pattern and by its JSON formatter, the
 * line about them is a single line, and no line starts with the forged level and category.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class LogForgingTest {

    private static final String FORGED =
            "\n2026-12-02 03:00:00,000 ERROR [io.cio.FORGED] (main) forged\r\u001b[2K\u0000";

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Test
    void aUserIdAndAMessageCarryingALogLineAreLoggedAsOneLine() throws Exception {
        customerIo.reset();
        String user = "evil" + FORGED;
        customerIo.rejectEntry(user, "bad" + FORGED);
        List<ExtLogRecord> records;
        try (LogCapture log = LogCapture.of("io.ciosync")) {
            String id = Jobs.submit(Map.of(
                    "config",
                    Jobs.config(1),
                    "data",
                    List.of(Map.of("uid", user, "name", "Eve"), Map.of("uid", "fine", "name", "Fay"))));
            Jobs.awaitFinished(id);
            records = log.records().stream()
                    .filter(r -> r.getFormattedMessage().contains("evil"))
                    .toList();
        }
        assertThat(records).isNotEmpty();
        PatternFormatter text =
                new PatternFormatter(ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class));
        JsonFormatter json = new JsonFormatter();
        String escaped = "evil\\n2026-12-02 03:00:00,000 ERROR [io.cio.FORGED] (main) forged\\r\\u001b[2K\\u0000";
        for (ExtLogRecord record : records) {
            String line = text.format(record);
            assertThat(line.strip())
                    .as(line)
                    .doesNotContain("\n", "\r", "\u001b", "\u0000")
                    .contains(escaped);
            String object = json.format(record);
            assertThat(object.strip()).doesNotContain("\n", "\r", "\u001b", "\u0000");
            assertThat(new ObjectMapper().readTree(object).get("message").asText())
                    .doesNotContain("\n")
                    .contains(escaped);
        }
    }
}
