package dev.citusdeploy.ssh;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One open shell per server of the inventory, opened in parallel, closed together. */
public final class ServerSessions implements AutoCloseable {
    private final Map<String, RemoteShell> shells;

    private ServerSessions(Map<String, RemoteShell> shells) {
        this.shells = shells;
    }

    /** Opens every server that runs a node; if any fails, closes the others and reports all failures. */
    public static ServerSessions open(Inventory inventory, Function<Server, RemoteShell> connector) {
        return open(inventory.usedServers(), connector);
    }

    /**
     * Every server the inventory lists, those that run no node too (apply: a worker removed from
     * the inventory may be the last node on its server, and must be found there to be drained).
     */
    public static ServerSessions openAll(Inventory inventory, Function<Server, RemoteShell> connector) {
        return open(inventory.servers(), connector);
    }

    private static ServerSessions open(List<Server> servers, Function<Server, RemoteShell> connector) {
        Map<String, RemoteShell> opened = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            Parallel.run(servers, server -> {
                RemoteShell shell = connector.apply(server);
                opened.put(server.name(), shell);
                return shell;
            });
        } catch (CitusDeployException e) {
            opened.values().forEach(RemoteShell::close);
            throw e;
        }
        Map<String, RemoteShell> ordered = new LinkedHashMap<>();
        servers.forEach(s -> ordered.put(s.name(), opened.get(s.name())));
        return new ServerSessions(ordered);
    }

    /**
     * Opens what can be opened: the servers that answer, and for the others why not (for status,
     * where one unreachable server must not hide the rest).
     */
    public static ServerSessions openReachable(Inventory inventory, Function<Server, RemoteShell> connector,
                                            Map<String, String> unreachable) {
        Map<String, RemoteShell> opened = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> failed = new java.util.concurrent.ConcurrentHashMap<>();
        Parallel.run(inventory.usedServers(), server -> {
            try {
                opened.put(server.name(), connector.apply(server));
            } catch (CitusDeployException e) {
                failed.put(server.name(), String.join("; ", e.lines()));
            }
            return true;
        });
        Map<String, RemoteShell> ordered = new LinkedHashMap<>();
        for (Server server : inventory.usedServers()) {
            if (opened.containsKey(server.name())) {
                ordered.put(server.name(), opened.get(server.name()));
            } else {
                unreachable.put(server.name(), failed.get(server.name()));
            }
        }
        return new ServerSessions(ordered);
    }

    public boolean reaches(String server) {
        return shells.containsKey(server);
    }

    public RemoteShell of(String server) {
        RemoteShell shell = shells.get(server);
        if (shell == null) {
            throw new IllegalArgumentException("no connection to " + server);
        }
        return shell;
    }

    @Override
    public void close() {
        shells.values().forEach(RemoteShell::close);
    }
}
