package dev.citusdeploy.plan;

import java.util.Map;

/**
 * What the server says about one node before anything changes.
 *
 * @param fileHashes SHA-256 of each of the node's files that exists on the server, by path
 */
public record NodeFacts(String node, Map<String, String> fileHashes, ContainerState container) {

    public NodeFacts {
        fileHashes = Map.copyOf(fileHashes);
    }
}
