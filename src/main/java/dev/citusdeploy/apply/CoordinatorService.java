package dev.citusdeploy.apply;

import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.plan.RegistrationPlanner;
import dev.citusdeploy.report.Event;
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
     * Registers a worker that already runs (idempotent): the plan (the coordinator's own address
     * when missing, then citus_add_node or citus_activate_node), run step by step unless a dry run.
     */
    public Plan register(Inventory inventory, String host, int port, Consumer<Event> events, boolean dryRun) {
        return withCoordinator(inventory, dryRun ? null : "register", events, admin -> {
            Plan plan = RegistrationPlanner.registerOne(inventory, admin.distNodes(), host, port);
            if (!dryRun) {
                ClusterSetup setup = new ClusterSetup(inventory, Map.of(inventory.coordinator().name(), admin));
                plan.actions().forEach(action -> Steps.run(events, action, () -> setup.execute(action)));
            }
            return plan;
        });
    }

    /**
     * Starts a rebalance as Citus' background job and follows it with progress lines until it ends
     * or {@code deadline} passes; empty when nothing needed to move.
     */
    public Optional<Long> rebalance(Inventory inventory, String transferMode, Consumer<String> progress, Duration deadline) {
        return withCoordinator(inventory, "rebalance", event -> { }, admin -> {
            Optional<Long> job = admin.startRebalance(transferMode);
            job.ifPresent(id -> new RebalanceWatch(admin, progress, Duration.ofSeconds(1)).follow(id, deadline));
            return job;
        });
    }

    /** The runs recorded in citus_deploy.runs on the coordinator, newest first (read-only, no lock). */
    public List<dev.citusdeploy.db.RunRecord> history(Inventory inventory, int limit) {
        return withCoordinator(inventory, null, event -> { }, admin -> admin.runs(limit));
    }

    /** Runs {@code work} on the coordinator, holding the cluster lock unless {@code command} is null (read-only). */
    private <T> T withCoordinator(Inventory inventory, String command, Consumer<Event> events, Function<CitusAdmin, T> work) {
        passwords.fromInventory(inventory);
        Node coordinator = inventory.coordinator();
        Server server = inventory.server(coordinator.server());
        try (RemoteShell shell = connector.apply(server);
             ClusterLock lock = command == null ? null : ClusterLock.acquire(inventory, shell, command, Duration.ZERO, events)) {
            Optional<String> stored = DockerHost.detect(shell).storedPassword(NodeLayout.of(inventory, coordinator));
            String password = passwords.resolve(inventory, Map.of(coordinator.name(), stored));
            try (CitusAdmin admin = databases.open(inventory, coordinator, shell, password)) {
                return work.apply(admin);
            }
        }
    }
}
