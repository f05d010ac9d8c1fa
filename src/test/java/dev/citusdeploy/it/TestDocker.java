package dev.citusdeploy.it;

import java.util.List;

/** The local dockerd and the locally built test image (no registry is reachable here). */
final class TestDocker {
    /** The twin of the product's default image (citusdata/citus:14.1.0, PostgreSQL 18), built by test-env/setup.sh. */
    static final String DEFAULT_IMAGE = "citus-deploy-test:14.0.1-pg18";
    static final String IMAGE = System.getenv().getOrDefault("CITUS_DEPLOY_TEST_IMAGE", DEFAULT_IMAGE);

    private TestDocker() {
    }

    /** Docker runs and the test image is there, with Citus (see {@link Prerequisite}: a failure in CI). */
    static void assumeReady() {
        requireImage(IMAGE);
    }

    static void requireImage(String image) {
        Prerequisite.require(Shell.run(List.of("docker", "info")).exit() == 0, "Docker is not running (run test-env/setup.sh)");
        Prerequisite.require(Shell.run(List.of("docker", "image", "inspect", image)).exit() == 0,
                "test image " + image + " is missing (run test-env/setup.sh)");
        Prerequisite.require(!label(image, "citus-deploy.citus").equals("none"),
                "test image " + image + " has no Citus: " + label(image, "citus-deploy.citus-reason"));
    }

    /** The PostgreSQL major the image runs (its PG_MAJOR, as the official images set it). */
    static int pgMajor(String image) {
        String env = Shell.ok(List.of("docker", "image", "inspect", "--format", "{{json .Config.Env}}", image));
        java.util.regex.Matcher major = java.util.regex.Pattern.compile("\"PG_MAJOR=(\\d+)\"").matcher(env);
        if (!major.find()) {
            throw new IllegalStateException("image " + image + " has no PG_MAJOR: " + env);
        }
        return Integer.parseInt(major.group(1));
    }

    /**
     * The container keeps its data where the official image of its major does: up to 17 the volume
     * is PGDATA at /var/lib/postgresql/data; from 18 the volume is /var/lib/postgresql and PGDATA
     * /var/lib/postgresql/N/docker. Its only volume is the node's named one (no anonymous volume).
     */
    static void assertDataLayoutOfImage(String container, String image) {
        int major = pgMajor(image);
        String mount = major >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
        String pgdata = major >= 18 ? "/var/lib/postgresql/" + major + "/docker" : "/var/lib/postgresql/data";
        org.junit.jupiter.api.Assertions.assertEquals(container + "-data=" + mount + ";", inspect(container,
                "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}={{.Destination}};{{end}}{{end}}"), container);
        org.junit.jupiter.api.Assertions.assertEquals(0,
                Shell.run(List.of("docker", "exec", container, "test", "-f", pgdata + "/PG_VERSION")).exit(),
                container + ": no data directory at " + pgdata);
    }

    /** The Citus version in the test image (label citus-deploy.citus, e.g. 14.0.1). */
    static String citusInImage() {
        return label(IMAGE, "citus-deploy.citus");
    }

    /** A label of a test image; "none" when it has no such label. */
    private static String label(String image, String name) {
        String label = Shell.run(List.of("docker", "image", "inspect", "--format",
                "{{ index .Config.Labels \"" + name + "\" }}", image)).out().strip();
        return label.isEmpty() || label.equals("<no value>") ? "none" : label;
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

    /**
     * docker restart, then waits (at most two minutes, polling every 0.2 s) until Docker's health
     * check says healthy: the node came back with the configuration it has on disk.
     */
    static void restart(String container) {
        Shell.ok(List.of("docker", "restart", container));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!inspect(container, "{{.State.Status}} {{.State.Health.Status}}").equals("running healthy")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(container + " is not healthy 2 minutes after docker restart: "
                        + inspect(container, "{{.State.Status}} {{.State.Health.Status}} restarts {{.RestartCount}}"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static String inspect(String container, String format) {
        return Shell.ok(List.of("docker", "inspect", "--format", format, container)).strip();
    }

    static List<String> containersOf(String cluster) {
        String out = Shell.run(List.of("docker", "ps", "-aq", "--filter", "label=dev.citusdeploy.cluster=" + cluster)).out().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Every volume, named or anonymous, that these containers mount. */
    static List<String> volumesOf(List<String> containers) {
        List<String> volumes = new java.util.ArrayList<>();
        for (String container : containers) {
            for (String name : inspect(container, "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}} {{end}}{{end}}").split(" ")) {
                if (!name.isBlank()) {
                    volumes.add(name);
                }
            }
        }
        return volumes;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
