package io.ciosync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.ciosync.delivery.Dispatcher;
import io.ciosync.ops.ManifestLoader.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * k8s/ against the application: every file loads into typed fabric8 models (unknown fields fail, see
 * {@link ManifestLoader}), and probes, ports, selectors, env names and secret keys agree with
 * application.properties and the @ConfigMapping interfaces. Plain JUnit: nothing boots.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path K8S = ROOT.resolve("k8s");
    /** Not a manifest: the dashboard, which grafana-dashboard-configmap.yaml carries (MonitoringFilesTest). */
    private static final Path DASHBOARD = K8S.resolve("grafana-dashboard.json");

    private static List<Manifest> manifests;
    private static AppConfig app;
    private static Deployment deployment;
    private static PodSpec pod;
    private static Container container;
    private static Service service;
    private static ConfigMap configMap;
    private static Secret secret;

    @BeforeAll
    static void load() throws IOException {
        manifests = new ManifestLoader().loadDirectory(K8S);
        app = AppConfig.load(ROOT);
        deployment = one(Deployment.class);
        pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getContainers().size(), "deployment.yaml: expected a single container");
        container = pod.getContainers().get(0);
        service = one(Service.class);
        configMap = one(ConfigMap.class, m -> !isDashboard(m));
        secret = one(Secret.class);
    }

    @Test
    void everyFileInK8sIsAManifestOfAKnownKind() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                assertTrue(
                        ManifestLoader.isYaml(file) || name.equals("README.md") || file.equals(DASHBOARD),
                        "k8s/" + name + ": kubectl apply -f k8s/ would apply it, but this test does not read it");
                if (ManifestLoader.isYaml(file)) {
                    assertTrue(
                            manifests.stream().anyMatch(m -> m.file().equals(file)),
                            "k8s/" + name + " holds no manifest");
                }
            }
        }
        for (Class<? extends HasMetadata> kind : ManifestLoader.KINDS) {
            one(kind, m -> !isDashboard(m)); // fails unless exactly one (besides the dashboard's ConfigMap)
        }
    }

    @Test
    void theDashboardConfigMapAndThePrometheusRuleBelongToTheApplication() {
        ConfigMap dashboard = one(ConfigMap.class, KubernetesManifestsTest::isDashboard);
        PrometheusRule rules = one(PrometheusRule.class);
        for (HasMetadata resource : List.of(dashboard, rules)) {
            assertEquals(
                    "cio-sync",
                    resource.getMetadata().getLabels().get("app.kubernetes.io/name"),
                    resource.getKind() + "/" + resource.getMetadata().getName() + ": label app.kubernetes.io/name");
        }
        assertTrue(dashboard.getData().containsKey("cio-sync.json"), "the dashboard ConfigMap holds cio-sync.json");
        assertFalse(rules.getSpec().getGroups().isEmpty(), "prometheusrule.yaml: no rule groups");
        rules.getSpec()
                .getGroups()
                .forEach(g -> g.getRules()
                        .forEach(r -> assertNotNull(
                                r.getExpr().getStrVal(),
                                "prometheusrule.yaml: " + r.getAlert() + ": expr must be a PromQL string")));
    }

    /** The Grafana sidecar's ConfigMap (grafana_dashboard: "1"), not the application's settings. */
    private static boolean isDashboard(HasMetadata resource) {
        return resource instanceof ConfigMap map
                && map.getMetadata().getLabels() != null
                && "1".equals(map.getMetadata().getLabels().get("grafana_dashboard"));
    }

    @Test
    void containerPortsAreTheApplicationsPorts() {
        assertEquals(
                httpPort(), containerPort(new IntOrString("http")), "container port 'http' must be quarkus.http.port");
        assertEquals(
                managementPort(),
                containerPort(new IntOrString("management")),
                "container port 'management' must be quarkus.management.port");
        assertEquals(
                "true",
                app.property("quarkus.management.enabled").orElse("false"),
                "the probes and metrics below assume quarkus.management.enabled=true");
    }

    @Test
    void probesUseTheQuarkusHealthPathsOnTheManagementPort() {
        String health = managementPath("quarkus.smallrye-health.root-path", "health");
        assertProbe(
                "startupProbe",
                container.getStartupProbe(),
                resolve(
                        health,
                        app.property("quarkus.smallrye-health.startup-path").orElse("started")));
        assertProbe(
                "livenessProbe",
                container.getLivenessProbe(),
                resolve(
                        health,
                        app.property("quarkus.smallrye-health.liveness-path").orElse("live")));
        assertProbe(
                "readinessProbe",
                container.getReadinessProbe(),
                resolve(
                        health,
                        app.property("quarkus.smallrye-health.readiness-path").orElse("ready")));
    }

    private static void assertProbe(String name, Probe probe, String expectedPath) {
        assertNotNull(probe, "deployment.yaml: " + name + " is missing");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, "deployment.yaml: " + name + " must be an httpGet probe");
        assertEquals(expectedPath, get.getPath(), "deployment.yaml: " + name + " path");
        int port = containerPort(get.getPort());
        assertEquals(
                managementPort(),
                port,
                "deployment.yaml: " + name + " port " + show(get.getPort())
                        + " must be the management port (quarkus.management.port)");
        assertTrue(
                service.getSpec().getPorts().stream().anyMatch(p -> containerPort(p.getTargetPort()) == port),
                "service.yaml exposes no port targeting " + name + "'s port " + port);
    }

    @Test
    void serviceSelectsThePodsAndExposesHttpAndManagement() {
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertSelects(
                "deployment.yaml spec.selector", deployment.getSpec().getSelector(), podLabels, "the pod template");
        assertSubset("service.yaml spec.selector", service.getSpec().getSelector(), podLabels, "the pod template");
        assertEquals(
                httpPort(),
                containerPort(servicePort("http").getTargetPort()),
                "service.yaml: port 'http' must target quarkus.http.port");
        assertEquals(
                managementPort(),
                containerPort(servicePort("management").getTargetPort()),
                "service.yaml: port 'management' must target quarkus.management.port");
        assertEquals(
                "cio-sync",
                service.getMetadata().getLabels().get("app.kubernetes.io/name"),
                "service.yaml: label app.kubernetes.io/name");
    }

    @Test
    void serviceMonitorSelectsTheServiceAndScrapesTheMetricsPath() {
        ServiceMonitor monitor = one(ServiceMonitor.class);
        assertSelects(
                "servicemonitor.yaml spec.selector",
                monitor.getSpec().getSelector(),
                service.getMetadata().getLabels(),
                "service.yaml's labels");
        assertFalse(monitor.getSpec().getEndpoints().isEmpty(), "servicemonitor.yaml: no endpoints");
        String metrics = managementPath("quarkus.micrometer.export.prometheus.path", "metrics");
        for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
            assertNotNull(endpoint.getPort(), "servicemonitor.yaml: endpoints[].port must name a Service port");
            assertEquals(
                    managementPort(),
                    containerPort(servicePort(endpoint.getPort()).getTargetPort()),
                    "servicemonitor.yaml: endpoint port '" + endpoint.getPort() + "' must reach the management port");
            assertEquals(metrics, endpoint.getPath(), "servicemonitor.yaml: endpoint path");
        }
    }

    @Test
    void prometheusAnnotationsPointAtTheMetricsEndpoint() {
        Map<String, String> annotations =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertNotNull(annotations, "deployment.yaml: pod template has no prometheus.io annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"), "deployment.yaml: prometheus.io/scrape");
        assertEquals(
                String.valueOf(managementPort()),
                annotations.get("prometheus.io/port"),
                "deployment.yaml: prometheus.io/port");
        assertEquals(
                managementPath("quarkus.micrometer.export.prometheus.path", "metrics"),
                annotations.get("prometheus.io/path"),
                "deployment.yaml: prometheus.io/path");
    }

    @Test
    void podDisruptionBudgetSelectsThePodsAndLeavesOneToDrain() {
        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        assertSelects(
                "pdb.yaml spec.selector",
                pdb.getSpec().getSelector(),
                deployment.getSpec().getTemplate().getMetadata().getLabels(),
                "the pod template");
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        assertNotNull(minAvailable, "pdb.yaml: minAvailable");
        assertNotNull(minAvailable.getIntVal(), "pdb.yaml: minAvailable as a number of pods");
        assertTrue(
                minAvailable.getIntVal() >= 1
                        && minAvailable.getIntVal() < deployment.getSpec().getReplicas(),
                "pdb.yaml: minAvailable " + minAvailable.getIntVal() + " must be at least 1 and below the "
                        + deployment.getSpec().getReplicas() + " replicas, or no node can ever be drained");
    }

    @Test
    void envRefsNameKeysThatExistInTheConfigMapAndSecret() {
        Set<String> names = new TreeSet<>();
        for (EnvVar env : container.getEnv()) {
            assertTrue(names.add(env.getName()), "deployment.yaml: env " + env.getName() + " is set twice");
            if (env.getValueFrom() == null) {
                continue;
            }
            var configRef = env.getValueFrom().getConfigMapKeyRef();
            var secretRef = env.getValueFrom().getSecretKeyRef();
            if (configRef != null) {
                assertEquals(
                        configMap.getMetadata().getName(),
                        configRef.getName(),
                        "env " + env.getName() + ": configMapKeyRef.name");
                assertTrue(
                        configMap.getData().containsKey(configRef.getKey()),
                        "env " + env.getName() + ": key " + configRef.getKey() + " is not in configmap.yaml "
                                + configMap.getData().keySet());
            } else if (secretRef != null) {
                assertEquals(
                        secret.getMetadata().getName(),
                        secretRef.getName(),
                        "env " + env.getName() + ": secretKeyRef.name");
                assertTrue(
                        secretKeys().contains(secretRef.getKey()),
                        "env " + env.getName() + ": key " + secretRef.getKey() + " is not in secret-template.yaml "
                                + secretKeys());
            } else {
                fail("env " + env.getName() + ": only configMapKeyRef and secretKeyRef are expected");
            }
        }
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                assertEquals(
                        configMap.getMetadata().getName(),
                        from.getConfigMapRef().getName(),
                        "envFrom configMapRef.name");
            }
            if (from.getSecretRef() != null) {
                assertEquals(secret.getMetadata().getName(), from.getSecretRef().getName(), "envFrom secretRef.name");
            }
        }
    }

    @Test
    void everyConfigMapAndSecretKeyIsUsedByTheDeployment() {
        Set<String> used = new TreeSet<>();
        boolean configMapImported = false;
        boolean secretImported = false;
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                used.add("configmap:" + env.getValueFrom().getConfigMapKeyRef().getKey());
            }
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                used.add("secret:" + env.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        for (EnvFromSource from : container.getEnvFrom()) {
            configMapImported |= from.getConfigMapRef() != null;
            secretImported |= from.getSecretRef() != null;
        }
        for (String key : configMap.getData().keySet()) {
            assertTrue(
                    configMapImported || used.contains("configmap:" + key),
                    "configmap.yaml: key " + key + " is not used by deployment.yaml (a misspelled reference?)");
        }
        for (String key : secretKeys()) {
            assertTrue(
                    secretImported || used.contains("secret:" + key),
                    "secret-template.yaml: key " + key + " is not used by deployment.yaml (a misspelled reference?)");
        }
    }

    @Test
    void cioSyncEnvNamesAreKeysTheApplicationKnows() {
        String envPrefix = AppConfig.envName(AppConfig.PREFIX) + "_";
        List<String> unknown = new ArrayList<>();
        for (String name : envNames()) {
            if (name.startsWith(envPrefix) && !app.isKnownEnvName(name)) {
                unknown.add(name);
            }
        }
        assertTrue(
                unknown.isEmpty(),
                "deployment.yaml sets " + unknown + ", which map to no configuration key the application knows: "
                        + app.knownKeys());
    }

    @Test
    void secretTemplateHoldsPlaceholdersOnly() {
        assertTrue(
                secret.getData() == null || secret.getData().isEmpty(),
                "secret-template.yaml: use stringData with placeholders, no base64 data");
        assertFalse(secretKeys().isEmpty(), "secret-template.yaml has no keys");
        secret.getStringData()
                .forEach((key, value) -> assertTrue(
                        value.contains("REPLACE_ME"),
                        "secret-template.yaml: " + key
                                + " must be a REPLACE_ME placeholder, never a real-looking value"));
    }

    @Test
    void severalReplicasShareAPostgresDatabaseAndOneEncryptionKey() {
        assertTrue(deployment.getSpec().getReplicas() >= 2, "deployment.yaml: at least 2 replicas");
        Set<String> names = envNames();
        String dbUrl = AppConfig.envName("cio-sync.db.url");
        String secretsKey = AppConfig.envName("cio-sync.secrets.key");
        assertTrue(names.contains(dbUrl), "replicas cannot share the embedded H2 database: set " + dbUrl);
        assertTrue(
                effective("cio-sync.db.url").orElse("").startsWith("jdbc:postgresql:"),
                dbUrl + " must be a PostgreSQL JDBC URL");
        assertTrue(
                container.getEnv().stream()
                        .anyMatch(e -> e.getName().equals(secretsKey)
                                && e.getValueFrom() != null
                                && e.getValueFrom().getSecretKeyRef() != null),
                secretsKey + " must come from the Secret: every replica needs the same key");
        assertFalse(
                pod.getEnableServiceLinks() == null || pod.getEnableServiceLinks(),
                "deployment.yaml: enableServiceLinks must be false, or the Service 'cio-sync' injects CIO_SYNC_SERVICE_HOST, "
                        + "CIO_SYNC_PORT... into the application's own configuration namespace");
    }

    @Test
    void terminationGraceCoversShutdownDelayAndDrain() {
        boolean delayEnabled =
                Boolean.parseBoolean(effective("quarkus.shutdown.delay-enabled").orElse("false"));
        Duration delay = delayEnabled
                ? effective("quarkus.shutdown.delay").map(AppConfig::duration).orElse(Duration.ZERO)
                : Duration.ZERO;
        Duration grace = effective("cio-sync.delivery.shutdown-grace")
                .map(AppConfig::duration)
                .orElseThrow(() -> new AssertionError("cio-sync.delivery.shutdown-grace has no value"));
        grace = grace.plus(effective("cio-sync.delivery.quiet-before-leaving")
                .map(AppConfig::duration)
                .orElseThrow(() -> new AssertionError("cio-sync.delivery.quiet-before-leaving has no value")));
        grace = grace.plus(Dispatcher.RECORDING_AFTER_INTERRUPT);
        Duration timeout =
                effective("quarkus.shutdown.timeout").map(AppConfig::duration).orElse(Duration.ZERO);
        Duration needed = delay.plus(grace.compareTo(timeout) > 0 ? grace : timeout);
        assertNotNull(
                pod.getTerminationGracePeriodSeconds(),
                "deployment.yaml: terminationGracePeriodSeconds (default 30) must be explicit");
        long terminationGrace = pod.getTerminationGracePeriodSeconds();
        assertTrue(
                terminationGrace > needed.toSeconds(),
                "deployment.yaml: terminationGracePeriodSeconds " + terminationGrace
                        + " must exceed quarkus.shutdown.delay (" + delay
                        + ") + max(shutdown-grace + recording after interrupt + quiet-before-leaving " + grace
                        + ", quarkus.shutdown.timeout "
                        + timeout + "), or Kubernetes kills the pod mid-drain");
    }

    @Test
    void runsAsTheImageUserOnAReadOnlyRootWithWritableDirectories() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile.jvm"));
        assertEquals(
                Long.valueOf(lastMatch(dockerfile, "(?m)^USER\\s+(\\d+)")),
                pod.getSecurityContext().getRunAsUser(),
                "deployment.yaml runAsUser must be the image's USER (docker/Dockerfile.jvm)");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot(), "deployment.yaml: runAsNonRoot");
        String exposed = lastMatch(dockerfile, "(?m)^EXPOSE\\s+(.+)$");
        for (ContainerPort port : container.getPorts()) {
            assertTrue(
                    exposed.matches(".*\\b" + port.getContainerPort() + "\\b.*"),
                    "docker/Dockerfile.jvm does not EXPOSE container port " + port.getContainerPort());
        }
        assertTrue(
                container.getSecurityContext().getReadOnlyRootFilesystem(), "deployment.yaml: readOnlyRootFilesystem");
        assertWritableMount("/tmp");
        assertWritableMount(effective("cio-sync.data-dir").orElseThrow());
    }

    @Test
    void javaOptionsKeepTheImagesOptionsAndSizeTheHeapToTheLimit() throws IOException {
        String imageOptions = lastMatch(
                Files.readString(ROOT.resolve("docker/Dockerfile.jvm")), "(?m)^ENV\\s+JAVA_OPTS_APPEND=\"([^\"]*)\"");
        Optional<String> podOptions = container.getEnv().stream()
                .filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                .map(EnvVar::getValue)
                .findFirst();
        assertTrue(podOptions.isPresent(), "deployment.yaml: set JAVA_OPTS_APPEND with -XX:MaxRAMPercentage");
        for (String option : imageOptions.split("\\s+")) {
            assertTrue(
                    List.of(podOptions.get().split("\\s+")).contains(option),
                    "deployment.yaml: JAVA_OPTS_APPEND replaces the image's value, " + "so it must repeat " + option
                            + " from docker/Dockerfile.jvm");
        }
        assertTrue(
                podOptions.get().contains("-XX:MaxRAMPercentage="),
                "deployment.yaml: JAVA_OPTS_APPEND should size the heap with -XX:MaxRAMPercentage");
    }

    @Test
    void resourcesHaveRequestsWithinLimits() {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), "deployment.yaml: resources.requests." + resource);
            assertNotNull(limits.get(resource), "deployment.yaml: resources.limits." + resource);
            assertTrue(
                    requests.get(resource)
                                    .getNumericalAmount()
                                    .compareTo(limits.get(resource).getNumericalAmount())
                            <= 0,
                    "deployment.yaml: " + resource + " request above its limit");
        }
    }

    // ---- helpers ----

    /** The single manifest of a kind in k8s/. */
    private static <T extends HasMetadata> T one(Class<T> type) {
        return one(type, m -> true);
    }

    /** The single manifest of a kind in k8s/ among those {@code which} accepts. */
    private static <T extends HasMetadata> T one(Class<T> type, java.util.function.Predicate<HasMetadata> which) {
        List<T> found = manifests.stream()
                .map(Manifest::resource)
                .filter(type::isInstance)
                .filter(which)
                .map(type::cast)
                .toList();
        assertEquals(1, found.size(), "k8s/ should hold exactly one " + type.getSimpleName() + ", found " + manifests);
        return found.get(0);
    }

    private static int httpPort() {
        return Integer.parseInt(effective("quarkus.http.port").orElse("8080"));
    }

    private static int managementPort() {
        return Integer.parseInt(effective("quarkus.management.port").orElse("9000"));
    }

    /** A management endpoint path: {@code quarkus.management.root-path} (default /q) + the endpoint's own path. */
    private static String managementPath(String pathKey, String defaultPath) {
        return resolve(
                app.property("quarkus.management.root-path").orElse("/q"),
                app.property(pathKey).orElse(defaultPath));
    }

    private static String resolve(String base, String path) {
        return path.startsWith("/") ? path : base.replaceAll("/+$", "") + "/" + path;
    }

    /** A port given by name or number, resolved to the container's port number. */
    private static int containerPort(IntOrString port) {
        assertNotNull(port, "a port reference is missing");
        if (port.getIntVal() != null) {
            assertTrue(
                    container.getPorts().stream()
                            .anyMatch(p -> p.getContainerPort().equals(port.getIntVal())),
                    "port " + port.getIntVal() + " is not a containerPort of deployment.yaml");
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() ->
                        new AssertionError("no container port is named '" + port.getStrVal() + "' in deployment.yaml"));
    }

    private static ServicePort servicePort(String name) {
        return service.getSpec().getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("service.yaml has no port named '" + name + "'"));
    }

    private static String show(IntOrString port) {
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : "'" + port.getStrVal() + "'";
    }

    private static void assertSelects(String what, LabelSelector selector, Map<String, String> labels, String target) {
        assertNotNull(selector, what + " is missing");
        assertTrue(
                selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().isEmpty(),
                what + ": only matchLabels is checked here, not matchExpressions");
        assertSubset(what, selector.getMatchLabels(), labels, target);
    }

    private static void assertSubset(
            String what, Map<String, String> selector, Map<String, String> labels, String target) {
        assertTrue(selector != null && !selector.isEmpty(), what + " is empty: it would select everything or nothing");
        Map<String, String> missing = new LinkedHashMap<>(selector);
        missing.entrySet().removeIf(e -> labels != null && e.getValue().equals(labels.get(e.getKey())));
        assertTrue(
                missing.isEmpty(),
                what + " " + selector + " does not match " + target + " " + labels + ": " + missing + " differ");
    }

    private static Set<String> secretKeys() {
        Set<String> keys = new TreeSet<>();
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        return keys;
    }

    /** Every environment variable name the container gets: env entries and the keys envFrom imports. */
    private static Set<String> envNames() {
        Set<String> names = new LinkedHashSet<>();
        container.getEnv().forEach(e -> names.add(e.getName()));
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                configMap.getData().keySet().forEach(k -> names.add(prefix + k));
            }
            if (from.getSecretRef() != null) {
                secretKeys().forEach(k -> names.add(prefix + k));
            }
        }
        return names;
    }

    /**
     * The value a key takes in the pod: its environment variable (a literal or a ConfigMap key; Secret
     * values are placeholders), else application.properties, else the @WithDefault of its @ConfigMapping.
     */
    private static Optional<String> effective(String key) {
        String envName = AppConfig.envName(key);
        for (EnvVar env : container.getEnv()) {
            if (!env.getName().equals(envName)) {
                continue;
            }
            if (env.getValue() != null) {
                return Optional.of(env.getValue());
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                return Optional.ofNullable(configMap
                        .getData()
                        .get(env.getValueFrom().getConfigMapKeyRef().getKey()));
            }
        }
        if (container.getEnvFrom().stream().anyMatch(f -> f.getConfigMapRef() != null && f.getPrefix() == null)
                && configMap.getData().containsKey(envName)) {
            return Optional.of(configMap.getData().get(envName));
        }
        return app.property(key).or(() -> app.mappingDefault(key));
    }

    private static void assertWritableMount(String path) {
        Optional<VolumeMount> mount = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst();
        assertTrue(
                mount.isPresent(), "deployment.yaml: the root filesystem is read-only, so " + path + " needs a volume");
        assertFalse(Boolean.TRUE.equals(mount.get().getReadOnly()), "deployment.yaml: " + path + " must be writable");
    }

    private static String lastMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        assertNotNull(last, "docker/Dockerfile.jvm has no match for " + regex);
        return last;
    }
}
