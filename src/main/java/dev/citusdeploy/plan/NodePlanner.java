package dev.citusdeploy.plan;

import dev.citusdeploy.host.ContainerState;
import dev.citusdeploy.facts.NodeFacts;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.RenderedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what to change on one node's server: which files to upload (only those whose content
 * differs), whether to start the container, whether to reload. Pure: facts in, plan out.
 */
public final class NodePlanner {
    private NodePlanner() {
    }

    public static Plan plan(String node, List<RenderedFile> files, NodeFacts facts) {
        List<Action> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean composeChanged = false;
        boolean configChanged = false;
        boolean credentialsChanged = false;
        for (RenderedFile file : files) {
            String remote = facts.fileHashes().get(file.path());
            if (file.sha256().equals(remote)) {
                continue;
            }
            actions.add(upload(node, file, remote, facts));
            switch (file.fileName()) {
                case NodeLayout.COMPOSE_FILE -> composeChanged = true;
                case NodeLayout.POSTGRESQL_CONF, NodeLayout.PG_HBA_CONF -> configChanged = true;
                default -> credentialsChanged = true;
            }
        }
        ContainerState container = facts.container();
        if (credentialsChanged && container.running() && !composeChanged) {
            // entrypoint.sh (the nodes' addresses) or the password: the running container rewrites its password file.
            actions.add(new Action.RefreshCredentials(node));
        }
        if (!container.exists()) {
            actions.add(new Action.StartNode(node, "no container yet"));
        } else if (!container.running()) {
            actions.add(new Action.StartNode(node, "container is " + container.status()));
        } else if (composeChanged || facts.composeOutdated()) {
            checkConfiguration(node, actions);
            actions.add(new Action.RestartNode(node, composeChanged ? "compose file changed"
                    : "its container was created from an older compose file", true));
        } else if (configChanged) {
            List<SettingChange> changes = settingChanges(actions, facts);
            checkConfiguration(node, actions);
            actions.add(new Action.ReloadConfiguration(node, changes));
            List<String> restart = changes.stream().filter(SettingChange::needsRestart).map(SettingChange::name).toList();
            List<String> pending = facts.database().pendingRestart().stream().filter(p -> !restart.contains(p)).toList();
            if (!restart.isEmpty()) {
                actions.add(new Action.RestartNode(node, String.join(", ", restart) + (restart.size() == 1 ? " needs" : " need")
                        + " a restart" + (pending.isEmpty() ? "" : "; waiting for a restart: " + String.join(", ", pending)), false));
            } else if (!pending.isEmpty()) {
                actions.add(waitingRestart(node, pending));
            }
        } else {
            // Left by an earlier run that stopped half way (or by --no-restart): files the server
            // has not read yet, settings that wait for a restart.
            if (facts.database().reloadNeeded()) {
                actions.add(new Action.CheckConfiguration(node, List.of(NodeLayout.POSTGRESQL_CONF, NodeLayout.PG_HBA_CONF)));
                actions.add(new Action.ReloadConfiguration(node));
            }
            if (!facts.database().pendingRestart().isEmpty()) {
                actions.add(waitingRestart(node, facts.database().pendingRestart()));
            }
        }
        return new Plan(actions, warnings);
    }

    private static Action.RestartNode waitingRestart(String node, List<String> pending) {
        return new Action.RestartNode(node, "waiting for a restart: " + String.join(", ", pending), false);
    }

    /** A check of the node's new postgresql.conf / pg_hba.conf, when either changes. */
    private static void checkConfiguration(String node, List<Action> actions) {
        List<String> config = actions.stream().filter(a -> a instanceof Action.UploadFile).map(a -> ((Action.UploadFile) a).fileName())
                .filter(f -> f.equals(NodeLayout.POSTGRESQL_CONF) || f.equals(NodeLayout.PG_HBA_CONF)).toList();
        if (!config.isEmpty()) {
            actions.add(new Action.CheckConfiguration(node, config));
        }
    }

    /** What the new postgresql.conf changes, where the server's copy is known. */
    private static List<SettingChange> settingChanges(List<Action> actions, NodeFacts facts) {
        List<SettingChange> changes = new ArrayList<>();
        for (Action action : actions) {
            if (action instanceof Action.UploadFile upload && upload.fileName().equals(NodeLayout.POSTGRESQL_CONF)
                    && upload.before() != null) {
                Map<String, String> before = ConfSettings.parse(upload.before());
                Map<String, String> after = ConfSettings.parse(upload.after());
                Set<String> names = new TreeSet<>(before.keySet());
                names.addAll(after.keySet());
                for (String name : names) {
                    String old = before.getOrDefault(name, "");
                    String now = after.getOrDefault(name, "");
                    if (!old.equals(now)) {
                        changes.add(new SettingChange(name, old, now,
                                facts.database().settingContexts().getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "")));
                    }
                }
            }
        }
        return changes;
    }

    private static Action.UploadFile upload(String node, RenderedFile file, String remoteHash, NodeFacts facts) {
        if (file.secret()) {
            return Action.UploadFile.secret(node, file.server(), file.path(), file.mode(), remoteHash != null);
        }
        return new Action.UploadFile(node, file.server(), file.path(), file.sha256(), file.mode(), remoteHash != null,
                false, remoteHash == null ? null : facts.fileTexts().get(file.path()), file.text());
    }
}
