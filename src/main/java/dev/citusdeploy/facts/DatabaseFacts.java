package dev.citusdeploy.facts;

import dev.citusdeploy.db.DistNode;
import java.util.List;
import java.util.Optional;

/**
 * What a node's PostgreSQL says before anything changes. Asked only of nodes whose container is
 * healthy; the others are {@link #notRunning()}, and the plan predicts their database steps.
 *
 * @param citusExtension the installed citus extension's version, if any
 * @param distNodes      pg_dist_node (asked of the coordinator only; empty for workers)
 */
public record DatabaseFacts(boolean running, Optional<String> citusExtension, List<DistNode> distNodes) {

    public DatabaseFacts {
        distNodes = List.copyOf(distNodes);
    }

    public static DatabaseFacts notRunning() {
        return new DatabaseFacts(false, Optional.empty(), List.of());
    }
}
