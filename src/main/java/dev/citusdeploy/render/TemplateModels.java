package dev.citusdeploy.render;

import java.util.List;

/** The model of each built-in template; templates see it as {@code m}. */
public final class TemplateModels {
    private TemplateModels() {
    }

    public record Compose(String cluster, String node, String role, String image, String container, String volume,
                   String user, String database, int port, String configDir) {
    }

    public record PostgresqlConf(String cluster, String node, String role, List<PostgresConf.Setting> settings) {
    }

    public record PgHba(String cluster, String node, String role, List<HbaHost> nodes, List<String> clients) {
    }

    /** One address allowed in pg_hba.conf, with the nodes it stands for. */
    public record HbaHost(String address, String comment) {
    }

    public record Entrypoint(String configDir) {
    }
}
