package dev.citusdeploy.facts;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker citus-deploy runs that the inventory no longer lists: its container is still on one of
 * the servers the inventory lists (used by other nodes or not) (labelled with the cluster and the node's name), and it may still be
 * registered in pg_dist_node with shards. Only such workers are drained and removed; a pg_dist_node
 * row without a container of the cluster is someone else's and is left alone.
 *
 * @param registered whether pg_dist_node still lists it ({@code host:port})
 * @param closed     whether pg_dist_node says it should have no shards (an earlier run began its drain)
 * @param shards     placements of distributed tables it holds, and {@code bytes} their size
 */
public record LeavingWorker(String name, String server, String host, int port, String container, String status,
                            boolean registered, boolean closed, int shards, long bytes) {

    /** The node as the inventory would describe it, for its folder, container and volume names. */
    public Node asNode() {
        return new Node(name, Node.Role.WORKER, server, port, Map.of());
    }

    public String key() {
        return host + ":" + port;
    }

    /**
     * The leaving workers: the cluster's worker containers the inventory does not list on their
     * server, each matched with its pg_dist_node row (by the server's cluster address, or the
     * container's name on a private network, and the container's PGPORT).
     */
    public static List<LeavingWorker> find(Inventory inventory, Map<String, ServerFacts> servers, List<DistNode> distNodes) {
        Map<String, LeavingWorker> byContainer = new java.util.LinkedHashMap<>();
        for (Server server : inventory.servers()) {
            ServerFacts facts = servers.get(server.name());
            if (facts == null) {
                continue;
            }
            for (ServerFacts.OtherContainer other : facts.others) {
                if (!other.role().equals(Node.Role.WORKER.label()) || other.port() < 0
                        || inventory.nodes().stream().anyMatch(n -> n.name().equals(other.node()))) {
                    continue; // a coordinator, or a node the inventory moved to another server: not a scale-in
                }
                String host = inventory.network() == Network.PRIVATE ? other.container() : server.clusterAddress();
                Optional<DistNode> row = distNodes.stream()
                        .filter(d -> !d.isCoordinatorRow() && d.host().equals(host) && d.port() == other.port()).findFirst();
                LeavingWorker found = new LeavingWorker(other.node(), server.name(), host, other.port(), other.container(),
                        other.status(), row.isPresent(), row.isPresent() && !row.get().shouldHaveShards(), 0, 0);
                // Servers that share one Docker all see the container: keep the one its registration names.
                LeavingWorker seen = byContainer.get(other.container());
                if (seen == null || !seen.registered() && found.registered()) {
                    byContainer.put(other.container(), found);
                }
            }
        }
        List<LeavingWorker> leaving = new ArrayList<>(byContainer.values());
        leaving.sort(java.util.Comparator.comparing(LeavingWorker::name));
        return leaving;
    }

    public LeavingWorker withShards(int shards, long bytes) {
        return new LeavingWorker(name, server, host, port, container, status, registered, closed, shards, bytes);
    }
}
