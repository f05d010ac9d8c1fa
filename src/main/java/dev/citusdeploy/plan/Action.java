package dev.citusdeploy.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One change that apply makes. A plan is a list of these: values that compare by content, print
 * as text or JSON, and never hold a secret (a secret file is its path and SHA-256 only).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "action")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Action.CheckImage.class, name = "check-image"),
        @JsonSubTypes.Type(value = Action.UploadFile.class, name = "upload"),
        @JsonSubTypes.Type(value = Action.StartNode.class, name = "start"),
        @JsonSubTypes.Type(value = Action.RefreshCredentials.class, name = "refresh-credentials"),
        @JsonSubTypes.Type(value = Action.CheckConfiguration.class, name = "check-configuration"),
        @JsonSubTypes.Type(value = Action.ReloadConfiguration.class, name = "reload"),
        @JsonSubTypes.Type(value = Action.RestartNode.class, name = "restart"),
        @JsonSubTypes.Type(value = Action.CreateExtension.class, name = "create-extension"),
        @JsonSubTypes.Type(value = Action.SetCoordinatorHost.class, name = "set-coordinator-host"),
        @JsonSubTypes.Type(value = Action.AddWorker.class, name = "add-node"),
        @JsonSubTypes.Type(value = Action.ActivateWorker.class, name = "activate-node"),
        @JsonSubTypes.Type(value = Action.UpdateWorker.class, name = "update-node"),
        @JsonSubTypes.Type(value = Action.DisallowShards.class, name = "disallow-shards"),
        @JsonSubTypes.Type(value = Action.AllowShards.class, name = "allow-shards"),
        @JsonSubTypes.Type(value = Action.DrainWorkers.class, name = "drain"),
        @JsonSubTypes.Type(value = Action.RemoveWorker.class, name = "remove-node"),
        @JsonSubTypes.Type(value = Action.Rebalance.class, name = "rebalance"),
        @JsonSubTypes.Type(value = Action.SetPassword.class, name = "set-password"),
        @JsonSubTypes.Type(value = Action.CheckClusterHealth.class, name = "check-cluster-health"),
        @JsonSubTypes.Type(value = Action.SavePasswordFile.class, name = "save-password-file"),
        @JsonSubTypes.Type(value = Action.RemoveFile.class, name = "remove-file"),
        @JsonSubTypes.Type(value = Action.RemoveContainer.class, name = "remove-container"),
        @JsonSubTypes.Type(value = Action.DeleteData.class, name = "delete-data"),
        @JsonSubTypes.Type(value = Action.RemoveNetwork.class, name = "remove-network")})
public sealed interface Action {

    /** What it concerns: a node's name, or for a server-wide step the server's name. */
    String node();

    /** One line for people, without secrets. */
    String describe();

    /**
     * Before any container on {@code server} starts: the image (already pulled while gathering
     * facts, since its PostgreSQL major decides the data layout) must ship Citus.
     */
    record CheckImage(String node, String image, int pgMajor) implements Action {
        @Override
        public String describe() {
            return "check that image " + image + " (PostgreSQL " + pgMajor + ") has Citus";
        }
    }

    /**
     * Write a file atomically (only when its content differs from the server's copy). A text file
     * carries its SHA-256, the server's copy ({@code before}, null when new) and the new text for a
     * diff; a secret carries none of them.
     */
    record UploadFile(String node, String server, String path, String sha256, int mode, boolean replaces,
                      boolean secret, String before, String after) implements Action {

        public UploadFile {
            if (secret && (before != null || after != null || !sha256.isEmpty())) {
                throw new IllegalArgumentException("a secret's content never goes into a plan, nor its hash: " + path);
            }
        }

        /**
         * A secret's upload: its path only. No hash either: the SHA-256 of a password is a way to
         * guess a weak one offline, and plans are printed and recorded.
         */
        public static UploadFile secret(String node, String server, String path, int mode, boolean replaces) {
            return new UploadFile(node, server, path, "", mode, replaces, true, null, null);
        }

        @Override
        public String describe() {
            return (replaces ? "update " : "create ") + path + (secret ? " (secret, 0600)" : "");
        }

        @JsonIgnore
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** docker compose up -d: create, start, or recreate the node's container, then wait until healthy. */
    record StartNode(String node, String reason) implements Action {
        @Override
        public String describe() {
            return "start the container (" + reason + ")";
        }
    }

    /**
     * The running container rewrites its copy of the password and its libpq password file (one line
     * per node of the cluster) from the node's folder: {@code entrypoint.sh --refresh-password}.
     * New node-to-node connections use it at once; no restart.
     */
    record RefreshCredentials(String node) implements Action {
        @Override
        public String describe() {
            return "refresh the node-to-node password file in the running container";
        }
    }

    /**
     * Once the new files are on the server and before they count (reload or restart): the node's
     * own PostgreSQL must accept them ({@code postgres -C} reads postgresql.conf as a restart
     * would; pg_file_settings and pg_hba_file_rules report what a reload would reject). Rejected,
     * the previous files are put back on every node of the run and nothing is reloaded or restarted.
     */
    record CheckConfiguration(String node, List<String> files) implements Action {
        public CheckConfiguration {
            files = List.copyOf(files);
        }

        @Override
        public String describe() {
            return "check that PostgreSQL accepts the new " + String.join(" and ", files);
        }
    }

    /**
     * A running node restarts, after every database step and one node at a time (workers first,
     * the coordinator last), each waiting until it accepts connections and the coordinator's
     * citus_check_cluster_node_health() is all true. {@code recreate}: a new container from the
     * changed compose file (docker compose up); otherwise docker restart.
     */
    record RestartNode(String node, String reason, boolean recreate) implements Action {
        @Override
        public String describe() {
            return (recreate ? "recreate the container" : "restart the container") + " (" + reason + ")";
        }
    }

    /**
     * The running server reloads postgresql.conf / pg_hba.conf; settings that need a restart are
     * reported. {@code settings} are the changed ones, with the server's own context for each.
     */
    record ReloadConfiguration(String node, List<SettingChange> settings) implements Action {
        public ReloadConfiguration {
            settings = List.copyOf(settings);
        }

        public ReloadConfiguration(String node) {
            this(node, List.of());
        }

        @Override
        public String describe() {
            return "reload the configuration" + (settings.isEmpty() ? ""
                    : ": " + String.join(", ", settings.stream().map(SettingChange::describe).toList()));
        }
    }

    /** CREATE EXTENSION IF NOT EXISTS citus (Citus never propagates it: every node needs it). */
    record CreateExtension(String node) implements Action {
        @Override
        public String describe() {
            return "CREATE EXTENSION citus";
        }
    }

    record SetCoordinatorHost(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_set_coordinator_host('" + host + "', " + port + ")";
        }
    }

    record AddWorker(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_add_node('" + host + "', " + port + ")";
        }
    }

    /**
     * A registered worker whose address changed (its own pg_dist_local_group names its row):
     * citus_update_node keeps its shards, where remove + add would lose them.
     */
    record UpdateWorker(String node, int nodeId, String oldHost, int oldPort, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_update_node(" + nodeId + ", '" + host + "', " + port + ") (was " + oldHost + ":" + oldPort + ")";
        }
    }

    record ActivateWorker(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_activate_node('" + host + "', " + port + ") (registered but inactive)";
        }
    }

    /** Scale-in, first: no shard may move to a leaving worker (citus_set_node_property shouldhaveshards false). */
    record DisallowShards(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_set_node_property('" + host + "', " + port + ", 'shouldhaveshards', false): no shard moves here any more";
        }
    }

    /**
     * A worker of the inventory that an earlier scale-in closed to shards (it was left, and is back
     * before its removal): it takes shards again (citus_set_node_property shouldhaveshards true).
     */
    record AllowShards(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_set_node_property('" + host + "', " + port + ", 'shouldhaveshards', true): it takes shards again"
                    + " (an earlier scale-in closed it)";
        }
    }

    /**
     * Scale-in: every shard moves off the leaving workers, as Citus' background job
     * (citus_rebalance_start(drain_only => true)) followed with progress.
     */
    record DrainWorkers(String node, List<String> workers, int shards, long bytes, String transferMode) implements Action {
        public DrainWorkers {
            workers = List.copyOf(workers);
        }

        @Override
        public String describe() {
            return "move " + shards + (shards == 1 ? " shard" : " shards") + " (" + bytes + " bytes) off " + String.join(", ", workers)
                    + ": citus_rebalance_start(drain_only => true, shard_transfer_mode => '" + transferMode + "')";
        }
    }

    /** Scale-in: once no shard is left on it (checked first), citus_remove_node. */
    record RemoveWorker(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "check that no shard is left, then citus_remove_node('" + host + "', " + port + ")";
        }
    }

    /**
     * Scale-out: shards move onto the new (or empty) workers, as Citus' background job
     * (citus_rebalance_start) followed with progress. {@code moves} and {@code bytes} are Citus' own
     * plan (get_rebalance_table_shards_plan()), -1 while a target is not registered yet.
     */
    record Rebalance(String node, List<String> onto, long moves, long bytes, String transferMode) implements Action {
        public Rebalance {
            onto = List.copyOf(onto);
        }

        @Override
        public String describe() {
            String what = moves < 0 ? "the moves Citus chooses once " + String.join(", ", onto) + (onto.size() == 1 ? " is" : " are")
                    + " registered" : moves + (moves == 1 ? " shard" : " shards") + " (" + bytes + " bytes, get_rebalance_table_shards_plan())";
            return "rebalance onto " + String.join(", ", onto) + ": " + what + ": citus_rebalance_start(shard_transfer_mode => '"
                    + transferMode + "')";
        }
    }

    /** ALTER ROLE ... PASSWORD on one node (the SCRAM verifier is computed by citus-deploy; the password never travels). */
    record SetPassword(String node, String user) implements Action {
        @Override
        public String describe() {
            return "ALTER ROLE " + user + " PASSWORD (the new one, as a SCRAM-SHA-256 verifier)";
        }
    }

    /** On the coordinator: citus_check_cluster_node_health() must be all true (every node reaches every other). */
    record CheckClusterHealth(String node) implements Action {
        @Override
        public String describe() {
            return "check that every node connects to every other (citus_check_cluster_node_health())";
        }
    }

    /** The new password into the inventory's password file on this machine (0600, replaced atomically). */
    record SavePasswordFile(String node, String path) implements Action {
        @Override
        public String describe() {
            return "write the new password to " + path + " (the inventory's password.file)";
        }
    }

    /** Removes a file from a node's folder. */
    record RemoveFile(String node, String server, String path) implements Action {
        @Override
        public String describe() {
            return "remove " + path;
        }
    }

    /** docker stop (PostgreSQL's fast shutdown, up to 2 min) and rm: the data volume stays. */
    record RemoveContainer(String node, String server, String container) implements Action {
        @Override
        public String describe() {
            return "stop and remove container " + container;
        }
    }

    /**
     * destroy, and apply --purge for removed workers: the node's data volume and its folder
     * (configuration and secrets) are deleted; an empty name where only the other one exists.
     */
    record DeleteData(String node, String server, String volume, String folder) implements Action {
        @Override
        public String describe() {
            return "DELETE " + (volume.isEmpty() ? "folder " + folder : folder.isEmpty() ? "volume " + volume
                    : "volume " + volume + " and folder " + folder);
        }
    }

    /** The cluster's private Docker network, once no container uses it. */
    record RemoveNetwork(String node, String network) implements Action {
        @Override
        public String describe() {
            return "remove network " + network;
        }
    }
}
