package dev.citusdeploy.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to install what is missing (Docker, or only Compose v2) on a server, for the operating
 * system its /etc/os-release names. Pure: text in, one sentence out.
 */
final class DockerInstallHint {
    private DockerInstallHint() {
    }

    /** @param osRelease the server's /etc/os-release ("" when unreadable) */
    static String forServer(String osRelease, boolean dockerMissing) {
        Map<String, String> os = parse(osRelease);
        String id = os.getOrDefault("ID", "");
        String like = os.getOrDefault("ID_LIKE", "");
        int version = major(os.getOrDefault("VERSION_ID", ""));
        String name = os.getOrDefault("PRETTY_NAME", id.isEmpty() ? "this server's OS" : id);
        String dockerRepository = "Docker's own packages docker-ce and docker-compose-plugin (Docker's install guide for "
                + name + ")";
        if (id.equals("debian") && version >= 13) {
            return "on " + name + ": apt-get install " + (dockerMissing ? "docker.io docker-compose" : "docker-compose");
        }
        if (id.equals("ubuntu") && version >= 22) {
            return "on " + name + ": apt-get install " + (dockerMissing ? "docker.io docker-compose-v2" : "docker-compose-v2");
        }
        if (id.equals("fedora")) {
            return "on " + name + ": dnf install " + (dockerMissing ? "moby-engine docker-compose" : "docker-compose");
        }
        if (id.equals("debian") || id.equals("ubuntu") || like.contains("rhel") || like.contains("fedora")) {
            return "on " + name + " (its own packages have no Compose v2): install " + dockerRepository;
        }
        return "install Docker Engine with the Compose v2 plugin on " + name;
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", ""));
            }
        }
        return values;
    }

    private static int major(String version) {
        String digits = version.replaceAll("^(\\d+).*", "$1");
        return digits.matches("\\d+") ? Integer.parseInt(digits) : 0;
    }
}
