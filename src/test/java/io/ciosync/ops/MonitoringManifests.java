package io.ciosync.ops;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the two generated manifests of k8s/ from their single sources: the Grafana dashboard's ConfigMap from
 * {@code k8s/grafana-dashboard.json}, the PrometheusRule from {@code monitoring/cio-sync.rules.yaml}.
 */
final class MonitoringManifests {

    private static final String REGENERATE = "./mvnw test -Dtest=MonitoringFilesTest -Dciosync.regenerate=true";

    private MonitoringManifests() {}

    static String dashboardConfigMap(String dashboardJson) {
        return """
                # Generated from grafana-dashboard.json (edit that file, then run %s).
                # The Grafana sidecar of kube-prometheus-stack loads every ConfigMap labelled grafana_dashboard: "1"
                # (docs/monitoring.md).
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cio-sync-grafana-dashboard
                  labels:
                    app.kubernetes.io/name: cio-sync
                    grafana_dashboard: "1"
                data:
                  cio-sync.json: |
                %s""".formatted(REGENERATE, indent(dashboardJson, "    "));
    }

    static String prometheusRule(String rulesFile) {
        String groups = rulesFile.lines().dropWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
        return """
                # Generated from monitoring/cio-sync.rules.yaml (edit that file, then run %s).
                # kube-prometheus-stack loads the PrometheusRules its ruleSelector matches (docs/monitoring.md).
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: cio-sync
                  labels:
                    app.kubernetes.io/name: cio-sync
                spec:
                %s""".formatted(REGENERATE, indent(groups, "  "));
    }

    /** The anchors of a Markdown file's headings, as GitHub makes them (lower case, spaces to '-'). */
    static Set<String> anchors(String markdown) {
        return markdown.lines()
                .filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(l -> l.isEmpty() ? l : prefix + l).collect(Collectors.joining("\n", "", "\n"));
    }
}
