package dev.citusdeploy.apply;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.ssh.ServerSessions;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stops a cluster (down: containers go, data stays) or removes it (destroy: the data volumes and
 * node folders go too). Workers stop before the coordinator on each server.
 */
public final class LifecycleService {
    private final Function<Server, RemoteShell> connector;
    private final Consumer<String> progress;

    public LifecycleService(Function<Server, RemoteShell> connector, Consumer<String> progress) {
        this.connector = connector;
        this.progress = progress;
    }

    public void down(Inventory inventory) {
        run(inventory, false);
    }

    /** Deletes every node's data. The command line asks for the cluster's name as confirmation. */
    public void destroy(Inventory inventory) {
        run(inventory, true);
    }

    private void run(Inventory inventory, boolean deleteData) {
        List<String> servers = inventory.usedServers().stream().map(Server::name).toList();
        try (ServerSessions connections = ServerSessions.open(inventory, connector)) {
            Parallel.run(servers, name -> {
                DockerHost host = DockerHost.detect(connections.of(name));
                List<Node> nodes = new ArrayList<>(inventory.nodesOn(inventory.server(name)));
                nodes.sort((a, b) -> Boolean.compare(a.isCoordinator(), b.isCoordinator()));
                for (Node node : nodes) {
                    NodeLayout layout = NodeLayout.of(inventory, node);
                    long started = System.nanoTime();
                    host.removeContainer(layout);
                    progress.accept(String.format(java.util.Locale.ROOT, "%s: container %s stopped and removed (%.1f s)",
                            node.name(), layout.container(), (System.nanoTime() - started) / 1e9));
                    if (deleteData) {
                        host.removeData(layout);
                        progress.accept(node.name() + ": volume " + layout.volume() + " and folder " + layout.dir() + " deleted");
                    }
                }
                if (inventory.network() == Network.PRIVATE) {
                    host.removeNetwork(NodeLayout.networkName(inventory));
                }
                return true;
            });
        }
    }
}
