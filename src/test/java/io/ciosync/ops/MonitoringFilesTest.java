package io.ciosync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;

/**
 * The Grafana dashboard and the alert rules as files: one source each (the ConfigMap and the PrometheusRule in k8s/
 * are generated from grafana-dashboard.json and monitoring/cio-sync.rules.yaml and must not drift from them), the
 * dashboard's shape, every alert's annotations and runbook section, and promtool's checks and unit tests. Plain
 * JUnit: nothing boots. {@code -Dciosync.regenerate=true} rewrites the generated files instead of failing.
 */
class MonitoringFilesTest {

    static final Path RULES = Path.of("monitoring/cio-sync.rules.yaml");
    static final Path RULE_TESTS = Path.of("monitoring/cio-sync.rules.test.yaml");
    static final Path DASHBOARD_CONFIGMAP = Path.of("k8s/grafana-dashboard-configmap.yaml");
    static final Path PROMETHEUS_RULE = Path.of("k8s/prometheusrule.yaml");
    static final Path RUNBOOKS = Path.of("docs/alerts.md");
    private static final String REGENERATE = "./mvnw test -Dtest=MonitoringFilesTest -Dciosync.regenerate=true";
    private static final ObjectMapper YAML = ManifestLoader.strictYamlMapper();

    @Test
    void theConfigMapAndThePrometheusRuleAreGeneratedFromTheirSources() throws IOException {
        assertGenerated(DASHBOARD_CONFIGMAP, MonitoringManifests.dashboardConfigMap(Files.readString(Dashboard.FILE)));
        assertGenerated(PROMETHEUS_RULE, MonitoringManifests.prometheusRule(Files.readString(RULES)));
    }

    @Test
    void theConfigMapCarriesTheDashboardForTheGrafanaSidecar() throws IOException {
        ConfigMap map = (ConfigMap) only(DASHBOARD_CONFIGMAP);
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(map.getData()).containsOnlyKeys("cio-sync.json");
        assertThat(map.getData().get("cio-sync.json")).isEqualTo(Files.readString(Dashboard.FILE));
    }

    @Test
    void thePrometheusRuleHoldsTheGroupsOfThePlainRulesFile() throws IOException {
        PrometheusRule rule = (PrometheusRule) only(PROMETHEUS_RULE);
        JsonNode plain = YAML.readTree(Files.readString(RULES)).path("groups");
        JsonNode typed = new ObjectMapper().valueToTree(rule.getSpec().getGroups());
        assertThat(typed).isEqualTo(plain);
        assertThat(alerts(rule))
                .extracting(Rule::getAlert)
                .containsExactlyInAnyOrder(
                        "CioSyncCustomerIoCredentialsRefused",
                        "CioSyncUsersFailing",
                        "CioSyncJobStalled",
                        "CioSyncCustomerIoUnreachable",
                        "CioSyncRateBudgetSaturated",
                        "CioSyncNoReplicaUp");
    }

    @Test
    void everyAlertHasASummaryADescriptionAndARunbookSectionThatSaysWhatToDo() throws IOException {
        Set<String> sections = MonitoringManifests.anchors(Files.readString(RUNBOOKS));
        for (Rule alert : alerts((PrometheusRule) only(PROMETHEUS_RULE))) {
            Map<String, String> annotations = alert.getAnnotations();
            assertThat(annotations).as(alert.getAlert()).containsOnlyKeys("summary", "description", "runbook_url");
            assertThat(annotations.get("summary")).as(alert.getAlert()).isNotBlank();
            assertThat(annotations.get("description")).as(alert.getAlert()).isNotBlank();
            String anchor = alert.getAlert().toLowerCase(Locale.ROOT);
            assertThat(annotations.get("runbook_url")).as(alert.getAlert()).isEqualTo(RUNBOOKS + "#" + anchor);
            assertThat(sections)
                    .as("a section '## %s' in %s", alert.getAlert(), RUNBOOKS)
                    .contains(anchor);
            assertThat(alert.getLabels()).as(alert.getAlert()).containsKey("severity");
        }
    }

    @Test
    void theDashboardHasItsVariablesRowsUnitsAndLegendsAndNoPanelRepeatsAnother() throws IOException {
        Dashboard dashboard = Dashboard.load();
        JsonNode variables = dashboard.json().path("templating").path("list");
        assertThat(variables.findValuesAsText("name")).containsExactly("datasource", "namespace", "pod");
        assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.rows()).containsExactly("Jobs", "Users", "Customer.io", "Service");
        Set<Integer> ids = new HashSet<>();
        Set<String> exprs = new HashSet<>();
        for (Dashboard.Panel panel : dashboard.panels()) {
            String title = panel.title();
            assertThat(ids.add(panel.json().path("id").asInt()))
                    .as("%s: its id is unique", title)
                    .isTrue();
            assertThat(panel.json()
                            .path("fieldConfig")
                            .path("defaults")
                            .path("unit")
                            .asText())
                    .as("%s: unit", title)
                    .isNotBlank();
            assertThat(panel.json().path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.queries()).as("%s: queries", title).isNotEmpty();
            for (Dashboard.Query query : panel.queries()) {
                assertThat(query.legend())
                        .as("%s: legend of %s", title, query.expr())
                        .isNotBlank();
                for (String metric : Dashboard.metricNames(query.expr())) {
                    Matcher selector =
                            Pattern.compile("\\b" + metric + "(\\{[^}]*})?").matcher(query.expr());
                    while (selector.find()) {
                        assertThat(selector.group())
                                .as("%s: %s limited to the chosen namespace and pods", title, metric)
                                .endsWith("namespace=~\"$namespace\", pod=~\"$pod\"}");
                    }
                }
                assertThat(exprs.add(query.expr()))
                        .as("%s repeats a query of another panel: %s", title, query.expr())
                        .isTrue();
            }
        }
        assertThat(dashboard.panels()).extracting(Dashboard.Panel::title).doesNotHaveDuplicates();
    }

    @Test
    void promtoolFindsNoProblemInTheRules() throws Exception {
        PrometheusBinaries.require();
        PrometheusBinaries.Result check = PrometheusBinaries.promtool(
                Path.of("monitoring"),
                null,
                "check",
                "rules",
                RULES.getFileName().toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found");
    }

    @Test
    void promtoolUnitTestsFireAndResolveEveryAlert() throws Exception {
        Map<String, Set<String>> covered = new LinkedHashMap<>();
        for (JsonNode test : YAML.readTree(Files.readString(RULE_TESTS)).path("tests")) {
            for (JsonNode eval : test.path("alert_rule_test")) {
                covered.computeIfAbsent(eval.path("alertname").asText(), k -> new TreeSet<>())
                        .add(eval.path("exp_alerts").isEmpty() ? "quiet" : "firing");
            }
        }
        for (Rule alert : alerts((PrometheusRule) only(PROMETHEUS_RULE))) {
            assertThat(covered.get(alert.getAlert()))
                    .as("%s: evaluated firing and quiet in %s", alert.getAlert(), RULE_TESTS)
                    .containsExactly("firing", "quiet");
        }
        PrometheusBinaries.require();
        PrometheusBinaries.Result run = PrometheusBinaries.promtool(
                Path.of("monitoring"),
                null,
                "test",
                "rules",
                RULE_TESTS.getFileName().toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    private static List<Rule> alerts(PrometheusRule rule) {
        List<Rule> alerts = new ArrayList<>();
        for (RuleGroup group : rule.getSpec().getGroups()) {
            alerts.addAll(
                    group.getRules().stream().filter(r -> r.getAlert() != null).toList());
        }
        return alerts;
    }

    private static io.fabric8.kubernetes.api.model.HasMetadata only(Path file) throws IOException {
        List<ManifestLoader.Manifest> manifests = new ManifestLoader().load(file, Files.readString(file));
        assertThat(manifests).as(file.toString()).hasSize(1);
        return manifests.get(0).resource();
    }

    private static void assertGenerated(Path file, String expected) throws IOException {
        String actual = Files.exists(file) ? Files.readString(file) : "";
        if (!actual.equals(expected) && Boolean.getBoolean("ciosync.regenerate")) {
            Files.writeString(file, expected);
            return;
        }
        assertThat(actual).as("%s is generated: run %s", file, REGENERATE).isEqualTo(expected);
    }
}
