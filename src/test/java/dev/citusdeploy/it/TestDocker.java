package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/** The local dockerd and the locally built test image (no registry is reachable here). */
final class TestDocker {
    static final String IMAGE = System.getenv().getOrDefault("CITUS_DEPLOY_TEST_IMAGE", "citus-deploy-test:pg15");

    private TestDocker() {
    }

    /** Skips (saying why) when Docker or the test image is missing. */
    static void assumeReady() {
        assumeTrue(Shell.run(List.of("docker", "info")).exit() == 0, "Docker is not running (run test-env/setup.sh)");
        assumeTrue(Shell.run(List.of("docker", "image", "inspect", IMAGE)).exit() == 0,
                "test image " + IMAGE + " is missing (run test-env/setup.sh)");
    }

    /** The Citus version in the test image, or "none". */
    static String citusInImage() {
        String label = Shell.run(List.of("docker", "image", "inspect", "--format",
                "{{ index .Config.Labels \"citus-deploy.citus\" }}", IMAGE)).out().strip();
        return label.isEmpty() ? "none" : label;
    }

    static String citusAbsentReason() {
        return Shell.run(List.of("docker", "image", "inspect", "--format",
                "{{ index .Config.Labels \"citus-deploy.citus-reason\" }}", IMAGE)).out().strip();
    }

    static boolean imageHasCitus() {
        return !citusInImage().equals("none");
    }

    /** Removes every container and volume of a test cluster. */
    static void removeCluster(String cluster) {
        String containers = Shell.run(List.of("docker", "ps", "-aq", "--filter", "label=dev.citusdeploy.cluster=" + cluster)).out().strip();
        if (!containers.isEmpty()) {
            Shell.run(concat(List.of("docker", "rm", "-f", "-v"), List.of(containers.split("\\s+"))));
        }
        String volumes = Shell.run(List.of("docker", "volume", "ls", "-q", "--filter", "label=dev.citusdeploy.cluster=" + cluster)).out().strip();
        if (!volumes.isEmpty()) {
            Shell.run(concat(List.of("docker", "volume", "rm", "-f"), List.of(volumes.split("\\s+"))));
        }
    }

    /** Removes a single-machine test cluster: containers, volumes, its network and its node folders. */
    static void removeLocalCluster(String cluster) {
        removeCluster(cluster);
        Shell.run(List.of("docker", "network", "rm", cluster + "-network"));
        Shell.run(List.of("rm", "-rf", java.nio.file.Path.of(System.getProperty("user.home"), ".citus-deploy", cluster).toString()));
    }

    static String inspect(String container, String format) {
        return Shell.ok(List.of("docker", "inspect", "--format", format, container)).strip();
    }

    static List<String> containersOf(String cluster) {
        String out = Shell.run(List.of("docker", "ps", "-aq", "--filter", "label=dev.citusdeploy.cluster=" + cluster)).out().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
