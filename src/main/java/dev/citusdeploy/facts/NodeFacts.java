package dev.citusdeploy.facts;

import dev.citusdeploy.host.ContainerState;
import java.util.Map;

/**
 * What the server and the database say about one node before anything changes.
 *
 * @param fileHashes SHA-256 of each of the node's files that exists on the server, by path
 * @param fileTexts  the server's copy of the text files that will change, by path (for diffs);
 *                   never a secret
 * @param composeOutdated the running container was created from another compose file than the
 *                   one on the server (a run stopped before recreating it): Compose would recreate it
 */
public record NodeFacts(String node, Map<String, String> fileHashes, Map<String, String> fileTexts,
                        ContainerState container, DatabaseFacts database, boolean composeOutdated) {

    public NodeFacts {
        fileHashes = Map.copyOf(fileHashes);
        fileTexts = Map.copyOf(fileTexts);
    }

    public NodeFacts(String node, Map<String, String> fileHashes, ContainerState container) {
        this(node, fileHashes, Map.of(), container, DatabaseFacts.notRunning(), false);
    }

    public NodeFacts withFileTexts(Map<String, String> texts) {
        return new NodeFacts(node, fileHashes, texts, container, database, composeOutdated);
    }

    public NodeFacts withDatabase(DatabaseFacts facts) {
        return new NodeFacts(node, fileHashes, fileTexts, container, facts, composeOutdated);
    }

    public NodeFacts withComposeOutdated(boolean outdated) {
        return new NodeFacts(node, fileHashes, fileTexts, container, database, outdated);
    }
}
