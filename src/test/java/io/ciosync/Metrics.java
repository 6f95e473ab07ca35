package io.ciosync;

import static io.restassured.RestAssured.given;

import java.net.URL;

/** Reads single samples out of the Prometheus text exposition of {@code /q/metrics}. */
public final class Metrics {

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    public static Metrics scrape(URL metrics) {
        return new Metrics(given().accept("text/plain")
                .get(metrics)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /**
     * The value of the sample {@code name{labels}} (labels as written, e.g. {@code outcome="synced"}), 0 if absent;
     * the sum of the samples whose labels begin so (e.g. every {@code reason} of {@code outcome="skipped"}).
     */
    public double value(String name, String labels) {
        String prefix = labels.isEmpty() ? name + " " : name + "{" + labels;
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .filter(l -> labels.isEmpty()
                        || l.startsWith(name + "{" + labels + ",")
                        || l.startsWith(name + "{" + labels + "}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    public String text() {
        return text;
    }
}
