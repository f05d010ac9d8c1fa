package dev.citusdeploy.facts;

import java.util.List;

/**
 * @param unknownNodes nodes in the coordinator's pg_dist_node that the inventory does not list
 * @param problems     what kept status from looking (e.g. an unreachable server)
 * @param findings     worth a look, though the cluster works: a failed or retrying rebalance or drain job
 */
public record StatusReport(String cluster, List<NodeStatus> nodes, List<String> unknownNodes, List<String> problems,
                           List<String> findings) {

    public StatusReport {
        nodes = List.copyOf(nodes);
        unknownNodes = List.copyOf(unknownNodes);
        problems = List.copyOf(problems);
        findings = List.copyOf(findings);
    }

    public StatusReport(String cluster, List<NodeStatus> nodes, List<String> unknownNodes, List<String> problems) {
        this(cluster, nodes, unknownNodes, problems, List.of());
    }

    public boolean healthy() {
        return problems.isEmpty() && unknownNodes.isEmpty() && nodes.stream().allMatch(NodeStatus::ok);
    }
}
