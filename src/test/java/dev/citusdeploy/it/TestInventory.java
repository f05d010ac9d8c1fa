package dev.citusdeploy.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes inventories for the SSH test servers: a coordinator and workers, one node per server. */
final class TestInventory {
    final String cluster;
    final List<Integer> ports = new ArrayList<>();
    private final TestServers servers;

    TestInventory(TestServers servers, String cluster, int nodes) throws IOException {
        this.servers = servers;
        this.cluster = cluster;
        for (int i = 0; i < nodes; i++) {
            ports.add(freePort());
        }
    }

    Path remoteDir() {
        return servers.dir.resolve("remote");
    }

    /** The standard inventory; {@code extra} is appended verbatim (top-level keys). */
    Path write(String name, String extra) throws IOException {
        StringBuilder yaml = new StringBuilder();
        yaml.append("cluster: ").append(cluster).append('\n');
        yaml.append("image: ").append(TestDocker.IMAGE).append('\n');
        yaml.append("ssh:\n  user: root\n  port: ").append(TestServers.SSH_PORT).append('\n');
        yaml.append("  identity_file: ").append(servers.clientKey).append('\n');
        yaml.append("  known_hosts: ").append(servers.knownHosts).append('\n');
        yaml.append("servers:\n");
        for (int i = 0; i < ports.size(); i++) {
            yaml.append("  - name: s").append(i + 1).append('\n');
            yaml.append("    address: ").append(servers.addresses.get(i)).append('\n');
            yaml.append("    dir: ").append(remoteDir()).append('\n');
        }
        yaml.append("coordinator:\n  server: s1\n  port: ").append(ports.get(0)).append('\n');
        yaml.append("workers:\n");
        for (int i = 1; i < ports.size(); i++) {
            yaml.append("  - server: s").append(i + 1).append("\n    port: ").append(ports.get(i)).append('\n');
        }
        yaml.append("postgresql:\n  all:\n    shared_buffers: 64MB\n    max_connections: 100\n");
        yaml.append(extra);
        Path file = servers.dir.resolve(name);
        Files.writeString(file, yaml.toString());
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(0));
            return socket.getLocalPort();
        }
    }
}
