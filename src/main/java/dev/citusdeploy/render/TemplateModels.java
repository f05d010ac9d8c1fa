package dev.citusdeploy.render;

import java.util.List;

/** The model of each built-in template; templates see it as {@code m}. */
public final class TemplateModels {
    private TemplateModels() {
    }

    /**
     * @param dataMount where the data volume is mounted, and {@code pgdata} the data directory (see {@link DataLayout})
     * @param network   "host" or "private"; on a private network the Docker network is named after the cluster
     */
    public record Compose(String cluster, String node, String role, String service, String image, String container,
                          String volume, String dataMount, String pgdata, String user, String database, int port,
                          String configDir, String network, String networkName) {
    }

    public record PostgresqlConf(String cluster, String node, String role, List<PostgresConf.Setting> settings) {
    }

    /** @param privateNetwork true when the nodes share a private Docker network (pg_hba uses samenet) */
    public record PgHba(String cluster, String node, String role, List<HbaHost> nodes, List<String> clients,
                        boolean privateNetwork) {
    }

    /** One address allowed in pg_hba.conf, with the nodes it stands for. */
    public record HbaHost(String address, String comment) {
    }

    /** @param peers the hosts and ports this node's PostgreSQL connects to: every node of the cluster, and itself over localhost */
    public record Entrypoint(String configDir, List<Peer> peers) {
    }

    /** A host (an address or a host name: no quote, colon or space) and port in the libpq password file. */
    public record Peer(String host, int port) {
    }
}
