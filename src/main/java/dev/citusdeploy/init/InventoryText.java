package dev.citusdeploy.init;

import dev.citusdeploy.inventory.InventoryLoader;
import java.util.List;

/**
 * The YAML init writes: commented so an operator can read and edit it without a manual. Without
 * hosts, a single-machine cluster (local connection, private network, ports port, port+1, ...);
 * with hosts, the coordinator on the first and the workers spread over the others.
 */
record InventoryText(String cluster, String image, String user, String passwordFile, int workers, int port, List<String> hosts) {

    InventoryText withPasswordFile(String file) {
        return new InventoryText(cluster, image, user, file, workers, port, hosts);
    }

    /** The highest port any node gets: nodes sharing a server take consecutive ports from {@code port}. */
    int highestPort() {
        if (hosts.size() <= 1) {
            return port + workers;
        }
        int mostWorkersOnAServer = (workers + hosts.size() - 2) / (hosts.size() - 1);
        return port + mostWorkersOnAServer - 1;
    }

    String render() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by citus-deploy init. Reference: docs/inventory.md\n");
        yaml.append("cluster: ").append(cluster).append('\n');
        yaml.append("image: ").append(image);
        if (image.equals(InventoryLoader.DEFAULT_IMAGE)) {
            yaml.append("   # PostgreSQL 18, Citus 14.1; other images: docs/configuration.md");
        }
        yaml.append('\n');
        yaml.append("user: ").append(user).append('\n');
        yaml.append("password:\n  file: ").append(passwordFile).append("   # 0600, kept out of version control\n");
        if (hosts.isEmpty()) {
            yaml.append("# All nodes on this machine, in one private Docker network; no SSH needed.\n");
            yaml.append("network: private\n");
            yaml.append("servers:\n  - name: local\n    connection: local\n");
            yaml.append("coordinator:\n  server: local\n  port: ").append(port).append('\n');
            yaml.append("workers:\n");
            for (int i = 1; i <= workers; i++) {
                yaml.append("  - name: worker").append(i).append("\n    server: local\n    port: ").append(port + i).append('\n');
            }
            return yaml.toString();
        }
        yaml.append("ssh:\n  user: root\n");
        yaml.append("servers:\n");
        for (int i = 0; i < hosts.size(); i++) {
            yaml.append("  - name: server").append(i + 1).append('\n');
            yaml.append("    address: ").append(hosts.get(i)).append('\n');
            yaml.append("    # cluster_address: 10.0.0.").append(i + 1).append("   # if the nodes reach each other by another address\n");
        }
        yaml.append("coordinator:\n  server: server1\n  port: ").append(port).append('\n');
        yaml.append("workers:\n");
        int[] nodesOnServer = new int[hosts.size()];
        nodesOnServer[0] = 1;
        for (int i = 0; i < workers; i++) {
            int server = hosts.size() == 1 ? 0 : 1 + i % (hosts.size() - 1);
            yaml.append("  - name: worker").append(i + 1).append('\n');
            yaml.append("    server: server").append(server + 1).append('\n');
            yaml.append("    port: ").append(port + nodesOnServer[server]++).append('\n');
        }
        return yaml.toString();
    }
}
