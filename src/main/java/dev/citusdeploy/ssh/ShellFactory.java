package dev.citusdeploy.ssh;

import dev.citusdeploy.inventory.Server;
import java.util.function.Function;

/** Chooses how to reach each server: directly for a local one, over SSH otherwise. */
public final class ShellFactory {
    private ShellFactory() {
    }

    public static Function<Server, RemoteShell> of(SshConnector ssh) {
        return server -> server.local() ? new LocalShell(server.name()) : ssh.connect(server);
    }
}
