package dev.citusdeploy.apply;

import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.ssh.RemoteShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Steps that need only the coordinator: registering a running worker, rebalancing. */
public final class CoordinatorService {
    private final Function<Server, RemoteShell> connector;
    private final NodeDatabase databases;
    private final PasswordResolver passwords;

    public CoordinatorService(Function<Server, RemoteShell> connector, NodeDatabase databases, PasswordResolver passwords) {
        this.connector = connector;
        this.databases = databases;
        this.passwords = passwords;
    }

    /**
     * Registers a worker that already runs (idempotent): sets the coordinator's own address first
     * when it is missing, then citus_add_node unless pg_dist_node has the worker.
     *
     * @return true when it was added, false when it was registered already
     */
    public boolean register(Inventory inventory, String host, int port) {
        return withCoordinator(inventory, admin -> {
            List<DistNode> nodes = admin.distNodes();
            if (nodes.stream().noneMatch(DistNode::isCoordinatorRow)) {
                Node coordinator = inventory.coordinator();
                admin.setCoordinatorHost(inventory.clusterAddressOf(coordinator), coordinator.port());
            }
            Optional<DistNode> existing = nodes.stream()
                    .filter(d -> !d.isCoordinatorRow() && d.host().equals(host) && d.port() == port).findFirst();
            if (existing.isPresent()) {
                if (!existing.get().active()) {
                    admin.activateNode(host, port);
                    return true;
                }
                return false;
            }
            admin.addNode(host, port);
            return true;
        });
    }

    /**
     * Starts a rebalance as Citus' background job and follows it with progress lines until it ends
     * or {@code deadline} passes; empty when nothing needed to move.
     */
    public Optional<Long> rebalance(Inventory inventory, Consumer<String> progress, Duration deadline) {
        return withCoordinator(inventory, admin -> {
            Optional<Long> job = admin.startRebalance();
            job.ifPresent(id -> new RebalanceWatch(admin, progress, Duration.ofSeconds(1)).follow(id, deadline));
            return job;
        });
    }

    private <T> T withCoordinator(Inventory inventory, Function<CitusAdmin, T> work) {
        passwords.fromInventory(inventory);
        Node coordinator = inventory.coordinator();
        Server server = inventory.server(coordinator.server());
        try (RemoteShell shell = connector.apply(server)) {
            Optional<String> stored = DockerHost.detect(shell).storedPassword(NodeLayout.of(inventory, coordinator));
            String password = passwords.resolve(inventory, Map.of(coordinator.name(), stored));
            try (CitusAdmin admin = databases.open(inventory, coordinator, shell, password)) {
                return work.apply(admin);
            }
        }
    }
}
