package dev.citusdeploy.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * Something of the cluster's on a server, found by citus-deploy's labels or in the cluster's
 * folder (see {@link dev.citusdeploy.ssh.RemoteCommands#clusterObjects}).
 *
 * @param kind container, volume or folder
 * @param name the container's or volume's name, or the folder's path
 * @param node the node it belongs to (its label, or the folder's name)
 */
public record ClusterObject(Kind kind, String name, String node) {

    public enum Kind { CONTAINER, VOLUME, FOLDER }

    /** The lines of {@code clusterObjects}: {@code kind|name|node}; others (and unlabelled objects) are left out. */
    public static List<ClusterObject> parse(String stdout) {
        List<ClusterObject> objects = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] parts = line.split("\\|", -1);
            if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
                continue;
            }
            switch (parts[0]) {
                case "container" -> objects.add(new ClusterObject(Kind.CONTAINER, parts[1], parts[2]));
                case "volume" -> objects.add(new ClusterObject(Kind.VOLUME, parts[1], parts[2]));
                case "folder" -> objects.add(new ClusterObject(Kind.FOLDER, parts[1], parts[2]));
                default -> { }
            }
        }
        return objects;
    }
}
