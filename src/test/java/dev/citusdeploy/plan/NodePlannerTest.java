package dev.citusdeploy.plan;

import dev.citusdeploy.host.ContainerState;
import dev.citusdeploy.facts.NodeFacts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import dev.citusdeploy.render.RenderedFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePlannerTest {
    private static final String DIR = "/opt/citus-deploy/demo/worker1/";
    private final RenderedFile compose = RenderedFile.text("db2", DIR + "compose.yaml", "services: {}\n", 0644);
    private final RenderedFile conf = RenderedFile.text("db2", DIR + "postgresql.conf", "port = 5432\nwork_mem = 8MB\n", 0644);
    private final RenderedFile hba = RenderedFile.text("db2", DIR + "pg_hba.conf", "host all all 127.0.0.1/32 scram-sha-256\n", 0644);
    private final RenderedFile secret = RenderedFile.secret("db2", DIR + "secrets/password", "s3cret");
    private final List<RenderedFile> files = List.of(compose, conf, hba, secret);

    private static final ContainerState HEALTHY = new ContainerState("running", "healthy", 0);

    private Map<String, String> onServer(RenderedFile... present) {
        Map<String, String> hashes = new HashMap<>();
        for (RenderedFile file : present) {
            hashes.put(file.path(), file.sha256());
        }
        return hashes;
    }

    @Test
    void newNodeUploadsEverythingThenStarts() {
        Plan plan = NodePlanner.plan("worker1", files, new NodeFacts("worker1", Map.of(), ContainerState.absent()));
        assertEquals(List.of(
                upload(compose, null),
                upload(conf, null),
                upload(hba, null),
                Action.UploadFile.secret("worker1", "db2", secret.path(), 0600, false),
                new Action.StartNode("worker1", "no container yet")), plan.actions());
    }

    @Test
    void convergedNodeNeedsNothing() {
        Plan plan = NodePlanner.plan("worker1", files,
                new NodeFacts("worker1", onServer(compose, conf, hba, secret), HEALTHY));
        assertEquals(List.of(), plan.actions());
    }

    @Test
    void changedConfigurationIsUploadedAndReloadedWithoutRestart() {
        Map<String, String> hashes = onServer(compose, hba, secret);
        hashes.put(conf.path(), "0".repeat(64));
        NodeFacts facts = new NodeFacts("worker1", hashes, HEALTHY)
                .withFileTexts(Map.of(conf.path(), "port = 5432\nwork_mem = 4MB   # inventory\n"));
        Plan plan = NodePlanner.plan("worker1", files, facts);
        assertEquals(List.of(upload(conf, "port = 5432\nwork_mem = 4MB   # inventory\n"),
                new Action.CheckConfiguration("worker1", List.of("postgresql.conf")), new Action.ReloadConfiguration("worker1",
                List.of(new SettingChange("work_mem", "4MB", "8MB", "")))), plan.actions());
    }

    @Test
    void changedComposeFileRecreatesTheContainer() {
        Map<String, String> hashes = onServer(conf, hba, secret);
        hashes.put(compose.path(), "0".repeat(64));
        NodeFacts facts = new NodeFacts("worker1", hashes, HEALTHY).withFileTexts(Map.of(compose.path(), "services: {}\n"));
        Plan plan = NodePlanner.plan("worker1", files, facts);
        assertEquals(List.of(upload(compose, "services: {}\n"), new Action.RestartNode("worker1", "compose file changed", true)),
                plan.actions());
    }

    @Test
    void stoppedContainerIsStartedAgain() {
        Plan plan = NodePlanner.plan("worker1", files, new NodeFacts("worker1", onServer(compose, conf, hba, secret),
                new ContainerState("exited", "", 0)));
        assertEquals(List.of(new Action.StartNode("worker1", "container is exited")), plan.actions());
    }

    @Test
    void aChangedSecretIsAReferenceNeverItsContent() {
        Map<String, String> hashes = onServer(compose, conf, hba);
        hashes.put(secret.path(), "0".repeat(64));
        Plan plan = NodePlanner.plan("worker1", files, new NodeFacts("worker1", hashes, HEALTHY));
        assertEquals(List.of(new Action.UploadFile("worker1", "db2", secret.path(), "", 0600, true, true, null, null),
                new Action.RefreshCredentials("worker1")), plan.actions(), "the running node rereads it, no restart");
        assertFalse(plan.toString().contains("s3cret"), plan.toString());
    }

    /** A text file's upload as the planner makes it: the server's copy (null when new) and the new text. */
    private static Action.UploadFile upload(RenderedFile file, String before) {
        return new Action.UploadFile("worker1", file.server(), file.path(), file.sha256(), file.mode(), before != null,
                false, before, file.text());
    }
}
