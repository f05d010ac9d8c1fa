package dev.citusdeploy.facts;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.RunningStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a node's PostgreSQL says before anything changes. Asked only of nodes whose container is
 * healthy; the others are {@link #notRunning()}, and the plan predicts their database steps.
 *
 * @param citusExtension the installed citus extension's version, if any
 * @param distNodes      pg_dist_node (asked of the coordinator only; empty for workers)
 * @param settingContexts pg_settings.context of every setting the server knows (postmaster = restart)
 * @param pendingRestart  settings whose new value waits for a restart
 * @param reloadNeeded    the configuration files changed on disk after the server last read them
 *                        (a run stopped between upload and reload)
 * @param placements      placements of distributed tables per registered worker (the coordinator only)
 * @param localGroup      the node's own group id (pg_dist_local_group): its row in the coordinator's
 *                        pg_dist_node, whatever its address; -1 when unknown, 0 for the coordinator
 * @param othersRunning   statements other citus-deploy sessions were running on the node (read
 *                        before everything else): facts read meanwhile may be half-way through them
 * @param closedByCitusDeploy workers (host:port) closed to shards by an earlier scale-in of
 *                        citus-deploy's (the coordinator only, and only asked when one of the
 *                        inventory's registered workers is closed)
 */
public record DatabaseFacts(boolean running, Optional<String> citusExtension, List<DistNode> distNodes,
                            Map<String, String> settingContexts, List<String> pendingRestart, boolean reloadNeeded,
                            List<dev.citusdeploy.db.NodeShards> placements, int localGroup,
                            List<RunningStatement> othersRunning, List<String> closedByCitusDeploy) {

    public DatabaseFacts {
        distNodes = List.copyOf(distNodes);
        settingContexts = Map.copyOf(settingContexts);
        pendingRestart = List.copyOf(pendingRestart);
        placements = List.copyOf(placements);
        othersRunning = List.copyOf(othersRunning);
        closedByCitusDeploy = List.copyOf(closedByCitusDeploy);
    }

    public DatabaseFacts(boolean running, Optional<String> citusExtension, List<DistNode> distNodes,
                         Map<String, String> settingContexts) {
        this(running, citusExtension, distNodes, settingContexts, List.of(), false, List.of(), -1, List.of(), List.of());
    }

    public DatabaseFacts(boolean running, Optional<String> citusExtension, List<DistNode> distNodes) {
        this(running, citusExtension, distNodes, Map.of());
    }

    /** The same facts without the settings' contexts (asked, but not needed: the node's postgresql.conf stays). */
    public DatabaseFacts withoutSettingContexts() {
        return new DatabaseFacts(running, citusExtension, distNodes, Map.of(), pendingRestart, reloadNeeded, placements, localGroup,
                othersRunning, closedByCitusDeploy);
    }

    public static DatabaseFacts notRunning() {
        return new DatabaseFacts(false, Optional.empty(), List.of());
    }
}
