package dev.citusdeploy.apply;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.host.DataVolume;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.facts.ClusterObject;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.LifecyclePlanner;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ServerSessions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stops a cluster (down: containers go, data stays) or removes it (destroy: the data volumes and
 * node folders go too): what exists is read first, the plan made from it, then run per server, in
 * parallel: all the server's containers are stopped together first, then removed, then the data.
 * Together, because a node whose peers went earlier can hang in its shutdown: Citus' maintenance
 * daemon, whose connection to a stopped peer broke, cancels its query with a new connection to
 * that peer, and on a private Docker network a stopped container's address no longer answers at
 * all (connect() gives up after 30 seconds or more). A dry run returns the plan and changes
 * nothing.
 */
public final class LifecycleService {
    private final Function<Server, RemoteShell> connector;
    private final Consumer<Event> events;

    public LifecycleService(Function<Server, RemoteShell> connector, Consumer<Event> events) {
        this.connector = connector;
        this.events = events;
    }

    public Plan down(Inventory inventory, boolean dryRun) {
        return run(inventory, false, dryRun);
    }

    /** Deletes every node's data. The command line asks for the cluster's name as confirmation. */
    public Plan destroy(Inventory inventory, boolean dryRun) {
        return run(inventory, true, dryRun);
    }

    private Plan run(Inventory inventory, boolean deleteData, boolean dryRun) {
        List<String> servers = inventory.usedServers().stream().map(Server::name).toList();
        // destroy looks on every listed server: a removed worker's kept data may be on one that runs no node now.
        List<String> searched = deleteData ? inventory.servers().stream().map(Server::name).toList() : List.of();
        try (ServerSessions sessions = deleteData ? ServerSessions.openAll(inventory, connector) : ServerSessions.open(inventory, connector);
             ClusterLock lock = dryRun ? null : ClusterLock.acquire(inventory, sessions, deleteData ? "destroy" : "down",
                     Duration.ZERO, events)) {
            Map<String, DockerHost> hosts = new ConcurrentHashMap<>(Parallel.run(servers, name -> DockerHost.detect(sessions.of(name))));
            Map<String, List<ClusterObject>> found = Parallel.run(searched, name -> clusterObjects(inventory, sessions.of(name)));
            Set<String> containers = ConcurrentHashMap.newKeySet();
            Set<String> data = ConcurrentHashMap.newKeySet();
            Set<String> networks = ConcurrentHashMap.newKeySet();
            Parallel.run(servers, name -> {
                DockerHost host = hosts.get(name);
                for (Node node : inventory.nodesOn(inventory.server(name))) {
                    NodeLayout layout = NodeLayout.of(inventory, node);
                    if (host.containerState(layout.container()).exists()) {
                        containers.add(node.name());
                    }
                    if (DataVolume.exists(host.shell(), layout.volume()) || host.folderExists(layout.dir())) {
                        data.add(node.name());
                    }
                }
                if (inventory.network() == Network.PRIVATE && host.networkExists(NodeLayout.networkName(inventory))) {
                    networks.add(name);
                }
                return true;
            });
            Plan plan = LifecyclePlanner.plan(inventory, deleteData, containers, data, networks, found);
            if (!dryRun) {
                plan.actions().stream().map(LifecycleService::server).distinct().filter(s -> !hosts.containsKey(s))
                        .forEach(s -> hosts.put(s, DockerHost.detect(sessions.of(s))));
                Parallel.run(List.copyOf(hosts.keySet()), name -> {
                    execute(hosts.get(name), plan.actions());
                    return true;
                });
                if (deleteData) {
                    // Last, still holding it: the lock file, and the cluster's folder once empty.
                    ClusterLock.remove(inventory, sessions.of(inventory.coordinator().server()));
                }
            }
            return plan;
        }
    }

    /** What the server has of the cluster, by its labels and in the cluster's folder there. */
    private static List<ClusterObject> clusterObjects(Inventory inventory, RemoteShell shell) {
        String clusterDir = NodeLayout.clusterDir(inventory, inventory.server(shell.server()));
        dev.citusdeploy.ssh.CommandResult result = shell.run(RemoteCommands.clusterObjects(inventory.cluster(), clusterDir));
        if (!result.ok()) {
            throw dev.citusdeploy.ssh.RemoteFailure.of(shell.server(), "looking for the containers, volumes and folders of cluster "
                    + inventory.cluster(), result);
        }
        return ClusterObject.parse(result.stdout());
    }

    private static String server(Action action) {
        if (action instanceof Action.RemoveContainer remove) {
            return remove.server();
        }
        if (action instanceof Action.DeleteData delete) {
            return delete.server();
        }
        return action.node(); // RemoveNetwork: its server
    }

    private void execute(DockerHost host, List<Action> plan) {
        List<Action> actions = plan.stream().filter(a -> server(a).equals(host.server())).toList();
        List<Action.RemoveContainer> removals = actions.stream().filter(a -> a instanceof Action.RemoveContainer)
                .map(a -> (Action.RemoveContainer) a).toList();
        if (!removals.isEmpty()) {
            List<String> containers = removals.stream().map(Action.RemoveContainer::container).toList();
            Steps.runTogether(events, removals, () -> {
                host.stopContainers(containers);
                containers.forEach(host::removeContainer);
            });
        }
        for (Action action : actions) {
            if (action instanceof Action.DeleteData delete) {
                Steps.run(events, action, () -> host.removeData(delete.volume(), delete.folder()));
            } else if (action instanceof Action.RemoveNetwork network) {
                Steps.run(events, action, () -> host.removeNetwork(network.network()));
            }
        }
    }
}
