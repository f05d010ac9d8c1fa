package dev.citusdeploy.render;

import dev.citusdeploy.inventory.Cidr;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders the files of each node from the templates. Secrets are not rendered here (see apply). */
public final class NodeRenderer {
    private final TemplateEngine templates;

    public NodeRenderer(TemplateEngine templates) {
        this.templates = templates;
    }

    /** Every node's files, coordinator first, each with the data layout it gets. */
    public List<RenderedFile> renderAll(Inventory inventory, Function<Node, DataLayout> layouts) {
        List<RenderedFile> files = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            files.addAll(render(inventory, node, layouts.apply(node)));
        }
        return files;
    }

    public List<RenderedFile> render(Inventory inventory, Node node, DataLayout data) {
        return render(inventory, node, data, List.of());
    }

    /**
     * A worker leaving the cluster: no longer in the inventory, still registered until it is drained
     * and removed. The others keep admitting it (pg_hba.conf) and reaching it (password file) until then.
     */
    public record Leaving(String name, String address, int port) {
    }

    /** The node's files while {@code leaving} workers are being drained (see {@link Leaving}). */
    public List<RenderedFile> render(Inventory inventory, Node node, DataLayout data, List<Leaving> leaving) {
        NodeLayout layout = NodeLayout.of(inventory, node);
        String server = node.server();
        String role = node.role().label();
        String configDir = NodeLayout.CONFIG_DIR_IN_CONTAINER;
        var compose = new TemplateModels.Compose(inventory.cluster(), node.name(), role, layout.service(),
                inventory.image(), layout.container(), layout.volume(), data.mount(), data.pgdata(), inventory.user(),
                inventory.database(), node.port(), configDir, inventory.network().label(), NodeLayout.networkName(inventory));
        var conf = new TemplateModels.PostgresqlConf(inventory.cluster(), node.name(), role,
                PostgresConf.forNode(inventory, node));
        boolean privateNetwork = inventory.network() == Network.PRIVATE;
        var hba = new TemplateModels.PgHba(inventory.cluster(), node.name(), role,
                privateNetwork ? List.of() : hbaHosts(inventory, leaving),
                inventory.clients().stream().map(Cidr::hbaEntry).toList(), privateNetwork);
        return List.of(
                RenderedFile.text(server, layout.path(NodeLayout.COMPOSE_FILE), templates.render("compose.yaml.ftl", compose), 0644),
                RenderedFile.text(server, layout.path(NodeLayout.POSTGRESQL_CONF), templates.render("postgresql.conf.ftl", conf), 0644),
                RenderedFile.text(server, layout.path(NodeLayout.PG_HBA_CONF), templates.render("pg_hba.conf.ftl", hba), 0644),
                RenderedFile.text(server, layout.path(NodeLayout.ENTRYPOINT),
                        templates.render("entrypoint.sh.ftl", new TemplateModels.Entrypoint(configDir, peers(inventory, node, leaving))), 0755));
    }

    /** Every node of the cluster by its cluster address (each address and port once), then this node over localhost. */
    private static List<TemplateModels.Peer> peers(Inventory inventory, Node self, List<Leaving> leaving) {
        List<TemplateModels.Peer> peers = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            TemplateModels.Peer peer = new TemplateModels.Peer(inventory.clusterAddressOf(node), node.port());
            if (!peers.contains(peer)) {
                peers.add(peer);
            }
        }
        for (Leaving node : leaving) {
            TemplateModels.Peer peer = new TemplateModels.Peer(node.address(), node.port());
            if (!peers.contains(peer)) {
                peers.add(peer);
            }
        }
        peers.add(new TemplateModels.Peer("localhost", self.port()));
        return peers;
    }

    /**
     * One pg_hba line per cluster address, naming the nodes behind it. {@link Cidr#hbaEntry} takes only
     * an address, network or host name, so no entry can be more than one field of pg_hba.conf.
     */
    private static List<TemplateModels.HbaHost> hbaHosts(Inventory inventory, List<Leaving> leaving) {
        Map<String, List<String>> byAddress = new LinkedHashMap<>();
        for (Node node : inventory.nodes()) {
            byAddress.computeIfAbsent(inventory.clusterAddressOf(node), a -> new ArrayList<>()).add(node.name());
        }
        for (Leaving node : leaving) {
            byAddress.computeIfAbsent(node.address(), a -> new ArrayList<>()).add(node.name() + " (leaving)");
        }
        List<TemplateModels.HbaHost> hosts = new ArrayList<>();
        byAddress.forEach((address, names) ->
                hosts.add(new TemplateModels.HbaHost(Cidr.hbaEntry(address), String.join(", ", names))));
        return hosts;
    }
}
