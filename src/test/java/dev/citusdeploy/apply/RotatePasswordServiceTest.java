package dev.citusdeploy.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.TemplateEngine;
import dev.citusdeploy.secrets.PasswordResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rotate-password against fake servers and nodes whose databases check the password. */
class RotatePasswordServiceTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));
    private final Map<String, FakeServer> servers = Map.of("db1", new FakeServer("db1"), "db2", new FakeServer("db2"),
            "db3", new FakeServer("db3"));
    private final Map<String, FakeAdmin> nodes = Map.of("coordinator", new FakeAdmin(), "worker1", new FakeAdmin(),
            "worker2", new FakeAdmin());
    private String environment = "from-env";

    /** A database that refuses any password but the node's own, as PostgreSQL does. */
    private final NodeDatabase databases = (inv, node, shell, password) -> {
        FakeAdmin admin = nodes.get(node.name());
        String expected = admin.password == null ? "from-env" : admin.password;
        if (!expected.equals(password)) {
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node.name()
                    + ": password authentication failed for user \"postgres\"");
        }
        return admin;
    };

    private final PasswordResolver passwords = new PasswordResolver(name -> name.equals("SHOP_DB_PASSWORD") ? environment : null);

    @BeforeEach
    void aRunningCluster() {
        new ApplyService(server -> servers.get(server.name()), databases, new NodeRenderer(TemplateEngine.builtIn()), passwords,
                event -> { }).apply(inventory, ApplyOptions.defaults());
    }

    private RotatePasswordService.Result rotate() {
        return new RotatePasswordService(server -> servers.get(server.name()), databases, passwords, event -> { })
                .rotate(inventory, RotatePasswordService.Source.INVENTORY, () -> "unused", false, Duration.ZERO);
    }

    private String file(String server, String path) {
        byte[] content = servers.get(server).files.get(path);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    @Test
    void theNewPasswordReachesEveryNodeItsFilesAndTheRunningContainers() {
        environment = "the-new-one";

        RotatePasswordService.Result result = rotate();

        List<String> kinds = result.plan().actions().stream().map(a -> a.getClass().getSimpleName()).distinct().toList();
        assertEquals(List.of("UploadFile", "SetPassword", "RefreshCredentials", "CheckClusterHealth", "RemoveFile"), kinds);
        nodes.values().forEach(n -> assertEquals("the-new-one", n.password));
        assertEquals("the-new-one", file("db2", "/opt/citus-deploy/shop/worker1/secrets/password"));
        assertEquals(null, file("db2", "/opt/citus-deploy/shop/worker1/secrets/password.new"), "the journal is gone");
        assertFalse(result.plan().toString().contains("the-new-one"), "no secret in the plan");
        assertTrue(servers.get("db3").commands.stream().anyMatch(c -> c.contains("--refresh-password")));
        assertEquals("succeeded", nodes.get("coordinator").runs(1).get(0).outcome());

        assertTrue(rotate().plan().isEmpty(), "a second run has nothing to do");
    }

    @Test
    void anInterruptedRotationIsFinishedWithoutChangingANodeTwice() {
        // Killed after the journal and worker1's ALTER ROLE: the others still have the old password.
        for (String[] node : new String[][] {{"db1", "coordinator"}, {"db2", "worker1"}}) {
            servers.get(node[0]).files.put("/opt/citus-deploy/shop/" + node[1] + "/secrets/password.new",
                    "the-new-one".getBytes(StandardCharsets.UTF_8));
        }
        servers.get("db3").files.put("/srv/citus/shop/worker2/secrets/password.new", "the-new-one".getBytes(StandardCharsets.UTF_8));
        nodes.get("worker1").password = "the-new-one";
        CitusDeployException refused = assertThrows(CitusDeployException.class, () -> new ApplyService(
                server -> servers.get(server.name()), databases, new NodeRenderer(TemplateEngine.builtIn()), passwords, event -> { })
                .apply(inventory, ApplyOptions.defaults()));
        assertTrue(refused.lines().get(0).contains("is unfinished") && refused.lines().get(0).contains("rotate-password"),
                refused.lines().get(0));
        environment = "the-new-one";

        RotatePasswordService.Result result = rotate();

        assertTrue(result.resumed());
        assertEquals(List.of("coordinator", "worker2"), result.plan().actionsOf(Action.SetPassword.class).stream()
                .map(Action::node).toList());
        nodes.values().forEach(n -> assertEquals("the-new-one", n.password));
        assertEquals(null, file("db3", "/srv/citus/shop/worker2/secrets/password.new"));
    }

    @Test
    void aStoppedNodeStopsTheRotationBeforeAnythingChanges() {
        servers.get("db3").containers.replaceAll((name, state) -> "exited||0||[]");
        environment = "the-new-one";

        CitusDeployException error = assertThrows(CitusDeployException.class, this::rotate);

        assertEquals("node worker2 on server db3 is not running (container exited)", error.lines().get(0));
        servers.values().forEach(s -> assertTrue(s.files.keySet().stream().noneMatch(p -> p.endsWith(".new")), s.name));
        nodes.values().forEach(n -> assertEquals(null, n.password));
    }
}
