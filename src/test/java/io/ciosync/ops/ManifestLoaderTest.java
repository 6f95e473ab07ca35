package io.ciosync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ciosync.ops.ManifestLoader.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** The loader behind KubernetesManifestsTest is as strict as it claims: typos fail, they are not dropped. */
class ManifestLoaderTest {

    private static final Path ORIGIN = Path.of("inline.yaml");

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: { app: demo }
              template:
                metadata:
                  labels: { app: demo }
                spec:
                  containers:
                    - name: demo
                      image: demo
                      readinessProbe:
                        httpGet:
                          %s: /q/health/ready
                          port: 9000
            """;

    private final ManifestLoader loader = new ManifestLoader();

    @Test
    void readsSeveralDocumentsIntoTypedModels() throws IOException {
        List<Manifest> manifests = loader.load(ORIGIN, DEPLOYMENT.formatted("path") + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: demo }
                data: { KEY: "value" }
                ---
                """);
        assertEquals(2, manifests.size());
        Deployment deployment = (Deployment) manifests.get(0).resource();
        assertEquals(
                "/q/health/ready",
                deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPath());
        assertEquals(
                "value", ((ConfigMap) manifests.get(1).resource()).getData().get("KEY"));
    }

    @Test
    void misspelledFieldFails() {
        // fabric8's own mapper would keep "pth" in additionalProperties and leave the path null
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, DEPLOYMENT.formatted("pth")));
        assertTrue(e.getMessage().contains("\"pth\""), e.getMessage());
    }

    @Test
    void misplacedFieldFails() {
        // terminationGracePeriodSeconds belongs to the pod spec, not the Deployment spec
        String yaml = DEPLOYMENT
                .formatted("path")
                .replace("spec:\n  selector:", "spec:\n  terminationGracePeriodSeconds: 35\n  selector:");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, yaml));
        assertTrue(e.getMessage().contains("terminationGracePeriodSeconds"), e.getMessage());
    }

    @Test
    void misspelledFieldInAServiceMonitorFails() throws IOException {
        String yaml = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: { name: demo }
                spec:
                  selector: { matchLabels: { app: demo } }
                  endpoints:
                    - port: management
                      paht: /q/metrics
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, yaml));
        assertTrue(e.getMessage().contains("\"paht\""), e.getMessage());
        assertTrue(loader.load(ORIGIN, yaml.replace("paht", "path")).get(0).resource() instanceof ServiceMonitor);
    }

    @Test
    void numberWhereKubernetesWantsAStringFails() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: demo }
                data:
                  PORT: 9000
                """;
        assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, yaml));
    }

    @Test
    void unknownKindFails() {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: { name: demo }
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, yaml));
        assertTrue(e.getMessage().contains("ManifestLoader.KINDS"), e.getMessage());
    }

    @Test
    void wrongApiVersionFails() {
        String yaml = """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: { name: demo }
                """;
        assertThrows(IllegalArgumentException.class, () -> loader.load(ORIGIN, yaml));
    }
}
