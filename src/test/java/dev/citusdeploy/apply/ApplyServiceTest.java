package dev.citusdeploy.apply;

import dev.citusdeploy.report.ApplyReport;
import dev.citusdeploy.secrets.PasswordResolver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** apply against fake servers and nodes: the sequence of decisions, with no SSH, Docker or database. */
class ApplyServiceTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));
    private final Map<String, FakeServer> servers = Map.of("db1", new FakeServer("db1"), "db2", new FakeServer("db2"),
            "db3", new FakeServer("db3"));
    private final Map<String, FakeAdmin> nodes = Map.of("coordinator", new FakeAdmin(), "worker1", new FakeAdmin(),
            "worker2", new FakeAdmin());

    private ApplyService service() {
        return new ApplyService(server -> servers.get(server.name()),
                (inv, node, shell, password) -> nodes.get(node.name()),
                new NodeRenderer(TemplateEngine.builtIn()),
                new PasswordResolver(name -> name.equals("SHOP_DB_PASSWORD") ? "from-env" : null),
                action -> { });
    }

    @Test
    void firstApplyUploadsStartsAndRegistersThenTheSecondChangesNothing() {
        ApplyReport first = service().apply(inventory, ApplyOptions.defaults());

        assertEquals(3 + 15 + 3 + 3 + 3, first.actions().size(), first.actions().toString());
        assertEquals(List.of("CREATE EXTENSION citus", "citus_set_coordinator_host 10.0.0.11:5432",
                "citus_add_node 10.0.0.12:5432", "citus_add_node 10.0.0.13:5433"), nodes.get("coordinator").calls);
        assertEquals(List.of("CREATE EXTENSION citus"), nodes.get("worker2").calls);
        assertEquals("from-env", new String(servers.get("db2").files.get("/opt/citus-deploy/shop/worker1/secrets/password"),
                StandardCharsets.UTF_8));
        servers.values().forEach(s -> s.commands.clear());

        ApplyReport second = service().apply(inventory, ApplyOptions.defaults());

        assertTrue(second.changedNothing(), second.actions().toString());
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), s.name + " was changed"));
        assertEquals(4, nodes.get("coordinator").calls.size(), "no new registration");
    }

    @Test
    void withoutAPasswordInTheInventoryTheStoredOneIsUsedAndTheSecondApplyChangesNothing() {
        Inventory stored = new InventoryLoader().parse(inventory.source(), readInventory().replace("password:\n  env: SHOP_DB_PASSWORD\n", ""));
        service().apply(stored, ApplyOptions.defaults());
        String generated = new String(servers.get("db2").files.get("/opt/citus-deploy/shop/worker1/secrets/password"), StandardCharsets.UTF_8);
        servers.values().forEach(s -> s.commands.clear());

        ApplyReport second = service().apply(stored, ApplyOptions.defaults());

        assertTrue(second.changedNothing(), second.actions().toString());
        assertEquals(generated, new String(servers.get("db3").files.get("/srv/citus/shop/worker2/secrets/password"), StandardCharsets.UTF_8),
                "every node keeps the one password");
    }

    @Test
    void aChangedSettingIsUploadedAndReloadedOnlyWhereItApplies() {
        service().apply(inventory, ApplyOptions.defaults());
        Inventory changed = new InventoryLoader().parse(inventory.source(), readInventory().replace("work_mem: 64MB", "work_mem: 128MB"));

        ApplyReport report = service().apply(changed, ApplyOptions.defaults());

        assertEquals(List.of("worker2"), report.actions().stream().map(Action::node).distinct().toList());
        assertEquals(List.of(Action.UploadFile.class, Action.CheckConfiguration.class, Action.ReloadConfiguration.class),
                report.actions().stream().map(Object::getClass).toList());
        assertEquals(List.of("check configuration", "pg_reload_conf"), nodes.get("worker2").calls.subList(1, 3));
    }

    @Test
    void aConfigurationTheServerRejectsIsPutBackEverywhereAndNothingReloads() {
        service().apply(inventory, ApplyOptions.defaults());
        String conf = "/opt/citus-deploy/shop/coordinator/postgresql.conf";
        byte[] before = servers.get("db1").files.get(conf);
        Inventory changed = new InventoryLoader().parse(inventory.source(),
                readInventory().replace("    shared_buffers: 2GB\n", "    shared_buffers: 2GB\n    work_mem: 3MB\n"));
        servers.get("db2").postgresConfError = "2026-11-26 23:00:00.000 UTC [42] LOG:  invalid value for parameter \"work_mem\": \"3MB\"\n"
                + "2026-11-26 23:00:00.000 UTC [42] FATAL:  configuration file \"/etc/citus-deploy/postgresql.conf\" contains errors\n";
        nodes.values().forEach(n -> n.calls.clear());

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(changed, ApplyOptions.defaults()));

        assertEquals("node worker1 on server db2 rejects its new configuration: postgresql.conf: invalid value for"
                + " parameter \"work_mem\": \"3MB\"", error.lines().get(0));
        assertTrue(error.lines().contains("the previous configuration files are back on coordinator, worker1"),
                error.lines().toString());
        assertEquals("nothing was reloaded or restarted; fix the inventory and run apply again",
                error.lines().get(error.lines().size() - 1));
        assertArrayEquals(before, servers.get("db1").files.get(conf), "the coordinator's old file is back too");
        nodes.values().forEach(n -> assertFalse(n.calls.contains("pg_reload_conf"), n.calls.toString()));
    }

    @Test
    void aSettingThatNeedsARestartRestartsWorkersFirstThenTheCoordinator() {
        service().apply(inventory, ApplyOptions.defaults());
        Inventory changed = new InventoryLoader().parse(inventory.source(),
                readInventory().replace("shared_buffers: 2GB", "shared_buffers: 1GB"));
        servers.values().forEach(server -> server.commands.clear());

        ApplyReport report = service().apply(changed, ApplyOptions.defaults());

        List<String> restarts = report.actions().stream().filter(a -> a instanceof Action.RestartNode).map(Action::node).toList();
        assertEquals(List.of("worker1", "worker2", "coordinator"), restarts);
        assertEquals(report.actions().size() - 3, report.actions().indexOf(report.actions().stream()
                .filter(a -> a instanceof Action.RestartNode).findFirst().orElseThrow()), "restarts come last");
        servers.values().forEach(server -> assertEquals(1, server.commands.stream()
                .filter(c -> String.join(" ", c).contains("docker restart --time 120")).count(), server.name));
    }

    @Test
    void noRestartLeavesRunningNodesRunningAndSaysWhatWaits() {
        service().apply(inventory, ApplyOptions.defaults());
        Inventory changed = new InventoryLoader().parse(inventory.source(),
                readInventory().replace("shared_buffers: 2GB", "shared_buffers: 1GB"));
        servers.values().forEach(server -> server.commands.clear());

        ApplyReport report = service().apply(changed, new ApplyOptions(false, java.time.Duration.ofMinutes(1), true, 1, java.time.Duration.ZERO));

        servers.values().forEach(server -> assertFalse(server.commands.stream()
                .anyMatch(c -> c.get(0).equals("docker") && c.get(1).equals("restart")), server.name));
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("node coordinator: not restarted (--no-restart)")),
                report.warnings().toString());
    }

    @Test
    void aSecondRunWhileTheLockIsHeldFailsNamingTheHolderAndChangesNothing() {
        servers.get("db1").locks.put("/opt/citus-deploy/shop/.citus-deploy.lock", "ops@laptop pid 42, citus-deploy apply,"
                + " since 2026-11-26T23:00:00Z, pid 4242");

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(inventory, ApplyOptions.defaults()));

        assertEquals("cluster shop is locked by ops@laptop pid 42, citus-deploy apply, since 2026-11-26T23:00:00Z, pid 4242"
                + " (/opt/citus-deploy/shop/.citus-deploy.lock on server db1); wait for that run or give --lock-wait SECONDS;"
                + " if it is gone for good: citus-deploy unlock three-servers.yml --force", error.lines().get(0));
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), s.name + " was changed"));
    }

    @Test
    void everyRunThatChangesSomethingIsRecordedOnTheCoordinator() {
        ApplyReport first = service().apply(inventory, ApplyOptions.defaults());
        service().apply(inventory, ApplyOptions.defaults());
        Inventory changed = new InventoryLoader().parse(inventory.source(),
                readInventory().replace("    max_connections: 500\n", "    max_connections: 500\n    work_mem: 3MB\n"));
        servers.get("db2").postgresConfError = "LOG:  invalid value for parameter \"work_mem\": \"3MB\"\n";
        assertThrows(CitusDeployException.class, () -> service().apply(changed, ApplyOptions.defaults()));

        List<dev.citusdeploy.db.RunRecord> runs = nodes.get("coordinator").runs(10);
        assertEquals(List.of("failed", "succeeded"), runs.stream().map(dev.citusdeploy.db.RunRecord::outcome).toList(),
                "the no-op apply is not recorded");
        assertEquals(first.runId(), runs.get(1).runId());
        assertEquals(first.actions().size(), runs.get(1).changes());
        assertTrue(runs.get(1).stepsJson().contains("\"step\":\"citus_add_node('10.0.0.13', 5433)\""), runs.get(1).stepsJson());
        assertTrue(runs.get(0).error().startsWith("node worker1 on server db2 rejects its new configuration"), runs.get(0).error());
        assertFalse(runs.get(1).planJson().contains("from-env"), "no secret in the record");
        assertEquals(64, runs.get(1).inventorySha256().length());
    }

    @Test
    void theLockIsReleasedWhenTheRunEnds() {
        service().apply(inventory, ApplyOptions.defaults());

        assertEquals(java.util.Map.of(), servers.get("db1").locks);
        service().apply(inventory, ApplyOptions.defaults());
    }

    @Test
    void factsReadWhileTheLockWasTakenCountWhenNoOtherRunHeldItMeanwhile() {
        service().apply(inventory, ApplyOptions.defaults());
        servers.values().forEach(s -> s.commands.clear());

        service().apply(inventory, ApplyOptions.defaults());
        assertEquals(1, imageInspects("db1"), "read once, with the lock");

        // Another run released the lock a moment ago (after this run began to read): read again.
        servers.values().forEach(s -> s.commands.clear());
        String lockFile = servers.get("db1").released.keySet().iterator().next();
        servers.get("db1").released.put(lockFile, String.format(java.util.Locale.ROOT, "%.9f", System.currentTimeMillis() / 1000.0 + 5));
        service().apply(inventory, ApplyOptions.defaults());
        assertEquals(2, imageInspects("db1"), "read again under the lock");
        assertEquals(2, imageInspects("db2"), "every server is read again, not only the lock's");
    }

    @Test
    void aStatementOfAKilledRunIsWaitedForAndTheFactsAreReadAgain() {
        service().apply(inventory, ApplyOptions.defaults());
        servers.values().forEach(s -> s.commands.clear());
        // A run was killed while the coordinator ran its citus_add_node for worker2: worker2 already
        // holds the metadata it is being given, the coordinator does not list it yet.
        FakeAdmin coordinator = nodes.get("coordinator");
        dev.citusdeploy.db.DistNode worker2 = coordinator.distNodes.remove(coordinator.distNodes.size() - 1);
        nodes.get("worker2").ownDistNodeRows = 3;
        coordinator.othersRunning.add(List.of(new dev.citusdeploy.db.RunningStatement(4242, 0.4, "SELECT citus_add_node($1, $2)")));
        coordinator.othersRunning.add(List.of(new dev.citusdeploy.db.RunningStatement(4242, 0.6, "SELECT citus_add_node($1, $2)")));
        coordinator.whenOthersDone = () -> coordinator.distNodes.add(worker2);
        List<dev.citusdeploy.report.Event> seen = new java.util.ArrayList<>();

        ApplyReport again = new ApplyService(server -> servers.get(server.name()), (inv, node, shell, password) -> nodes.get(node.name()),
                new NodeRenderer(TemplateEngine.builtIn()), new PasswordResolver(name -> "from-env"), seen::add)
                .apply(inventory, ApplyOptions.defaults());

        assertTrue(again.changedNothing(), again.actions().toString());
        assertEquals(2, imageInspects("db1"), "read again once the statement ended");
        assertTrue(seen.stream().anyMatch(e -> e.node().equals("coordinator")
                && e.step().equals("wait for a statement of an earlier run to end (pid 4242, running 0 s: SELECT citus_add_node ...)")),
                seen.toString());
    }

    @Test
    void aWorkerPutBackAfterAnEarlierScaleInClosedItTakesShardsAgain() {
        service().apply(inventory, ApplyOptions.defaults());
        FakeAdmin coordinator = nodes.get("coordinator");
        coordinator.setShouldHaveShards("10.0.0.12", 5432, false);
        coordinator.closedByCitusDeploy.add("10.0.0.12:5432");
        coordinator.calls.clear();

        ApplyReport again = service().apply(inventory, ApplyOptions.defaults());

        assertEquals(List.of(new Action.AllowShards("worker1", "10.0.0.12", 5432)), again.actions());
        assertTrue(coordinator.distNodes.stream().allMatch(d -> d.groupId() == 0 || d.shouldHaveShards()), coordinator.distNodes.toString());
        assertTrue(service().apply(inventory, ApplyOptions.defaults()).changedNothing());
    }

    @Test
    void aPlanReadWhileAnotherRunsAStatementSaysSo() {
        service().apply(inventory, ApplyOptions.defaults());
        nodes.get("worker1").othersRunning.add(List.of(new dev.citusdeploy.db.RunningStatement(77, 2, "CREATE EXTENSION IF NOT EXISTS citus")));

        dev.citusdeploy.plan.Plan plan = service().plan(inventory);

        assertEquals(List.of("node worker1: another citus-deploy session is running a statement (pid 77, running 2 s:"
                + " CREATE EXTENSION IF NOT EXISTS citus); the cluster may be changing under this plan"), plan.warnings());
    }

    private long imageInspects(String server) {
        return servers.get(server).commands.stream().filter(c -> String.join(" ", c).startsWith("docker image inspect")).count();
    }

    @Test
    void aServerWithoutComposeStopsTheApplyBeforeAnythingChanges() {
        servers.get("db2").hasCompose = false;

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(inventory, ApplyOptions.defaults()));

        assertTrue(error.lines().get(0).startsWith("server db2: Docker Compose v2 not found"), error.lines().toString());
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), "nothing changed on " + s.name));
    }

    @Test
    void composeIsAskedOnlyWhenANodeStartsAndStillBeforeAnythingChanges() {
        service().apply(inventory, ApplyOptions.defaults());
        servers.values().forEach(s -> s.commands.clear());
        service().apply(inventory, ApplyOptions.defaults());
        servers.values().forEach(s -> assertTrue(s.commands.stream().noneMatch(c -> String.join(" ", c).startsWith("docker compose")),
                "a run that starts nothing does not ask for Compose on " + s.name));

        // A changed compose file recreates the container: Compose must be there, before any upload.
        servers.get("db2").hasCompose = false;
        servers.values().forEach(s -> s.commands.clear());
        CitusDeployException error = assertThrows(CitusDeployException.class, () -> service().apply(
                new InventoryLoader().parse(inventory.source(), readInventory().replace("image: citusdata/citus:13.2.0-pg15", "image: citusdata/citus:13.2.1-pg15")),
                ApplyOptions.defaults()));
        assertTrue(error.lines().get(0).startsWith("server db2: Docker Compose v2 not found"), error.lines().toString());
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), "nothing changed on " + s.name));
    }

    @Test
    void dryRunChangesNothing() {
        ApplyReport plan = service().apply(inventory, new ApplyOptions(true, java.time.Duration.ofSeconds(5)));

        assertEquals(List.of("check-image x3", "upload x15", "start x3", "create-extension x3", "set-coordinator-host x1",
                "add-node x2"), tally(plan.actions()), "a fresh cluster's plan lists its database steps too");
        servers.values().forEach(s -> assertEquals(List.of(), s.changes()));
        nodes.values().forEach(n -> assertEquals(List.of(), n.calls));
    }

    @Test
    void anImageWithoutCitusStopsBeforeAnyContainerStarts() {
        servers.values().forEach(s -> s.imageHasCitus = false);

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(inventory, ApplyOptions.defaults()));

        assertEquals(3, error.lines().size(), "one line per server: " + error.lines());
        assertTrue(error.lines().get(0).matches("server db\\d: image citusdata/citus:13.2.0-pg15 has no Citus extension.*"));
        servers.values().forEach(s -> assertTrue(s.containers.isEmpty()));
        servers.values().forEach(s -> assertTrue(s.files.isEmpty(), "nothing uploaded on " + s.name));
    }

    private String readInventory() {
        try {
            return java.nio.file.Files.readString(inventory.source());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNewNodeGetsTheLayoutOfItsImagesMajor() {
        servers.get("db1").imageMajor = 18;

        service().apply(inventory, ApplyOptions.defaults());

        assertEquals("/var/lib/postgresql", FakeServer.dataMount(compose("db1", "coordinator")));
        assertEquals("/var/lib/postgresql/18/docker", FakeServer.pgdata(compose("db1", "coordinator")));
        assertEquals("/var/lib/postgresql/data", FakeServer.dataMount(compose("db2", "worker1")));
        assertEquals("/var/lib/postgresql/data", FakeServer.pgdata(compose("db2", "worker1")));
    }

    @Test
    void anExistingNodeKeepsTheLayoutItsDataHas() {
        servers.values().forEach(s -> s.imageMajor = 18);
        // PostgreSQL 18 data in the old layout: a volume without a container (after down), and a
        // running container that mounts its volume the old way.
        servers.get("db2").volumes.put("shop-worker1-data", "PG_VERSION 18\n");
        servers.get("db3").containers.put("shop-worker2",
                "running|healthy|0|shop-worker2-data=/var/lib/postgresql/data;|[\"PGDATA=/var/lib/postgresql/data\"]");

        service().apply(withImage("citusdata/citus:14.1.0"), ApplyOptions.defaults());

        assertEquals("/var/lib/postgresql/data", FakeServer.dataMount(compose("db2", "worker1")));
        assertEquals("/var/lib/postgresql/data", FakeServer.pgdata(compose("db2", "worker1")));
        assertEquals("/var/lib/postgresql/data", FakeServer.dataMount(compose("db3", "worker2")));
        assertEquals("/var/lib/postgresql/18/docker", FakeServer.pgdata(compose("db1", "coordinator")));
    }

    @Test
    void dataOfAnotherMajorStopsTheApplyBeforeAnythingChanges() {
        servers.values().forEach(s -> s.imageMajor = 18);
        servers.get("db2").volumes.put("shop-worker1-data", "PG_VERSION 15\n");

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(withImage("citusdata/citus:14.1.0"), ApplyOptions.defaults()));

        assertEquals(List.of("node worker1 on server db2: its data (volume shop-worker1-data) is PostgreSQL 15, but image"
                + " citusdata/citus:14.1.0 runs PostgreSQL 18; citus-deploy never re-initialises data: keep an image"
                + " of PostgreSQL 15 (with the same Citus) for this cluster"), error.lines());
        servers.values().forEach(s -> assertTrue(s.files.isEmpty(), "nothing uploaded on " + s.name));
        servers.values().forEach(s -> assertTrue(s.containers.isEmpty(), "nothing started on " + s.name));
    }

    @Test
    void aNewImageForRunningNodesIsCheckedAgainstTheirData() {
        service().apply(inventory, ApplyOptions.defaults());
        servers.values().forEach(s -> s.commands.clear());
        servers.values().forEach(s -> s.imageMajor = 18);

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(withImage("citusdata/citus:14.1.0"), ApplyOptions.defaults()));

        assertEquals(3, error.lines().size(), error.lines().toString());
        assertTrue(error.lines().get(0).contains("is PostgreSQL 15, but image citusdata/citus:14.1.0 runs PostgreSQL 18"),
                error.lines().get(0));
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), s.name + " was changed"));
    }

    /** Action kinds in plan order, counted: "upload x15". */
    private static List<String> tally(List<Action> actions) {
        java.util.LinkedHashMap<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (Action action : actions) {
            counts.merge(kindOf(action), 1, Integer::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList();
    }

    private static String kindOf(Action action) {
        return java.util.Arrays.stream(Action.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
                .filter(t -> t.value().equals(action.getClass())).findFirst().orElseThrow().name();
    }

    private Inventory withImage(String image) {
        return new InventoryLoader().parse(inventory.source(), readInventory().replace("citusdata/citus:13.2.0-pg15", image));
    }

    private String compose(String server, String node) {
        String dir = server.equals("db3") ? "/srv/citus/shop/" : "/opt/citus-deploy/shop/";
        return new String(servers.get(server).files.get(dir + node + "/compose.yaml"), StandardCharsets.UTF_8);
    }

    @Test
    void aSettingTheImagesMajorDoesNotKnowStopsTheApplyBeforeAnythingChanges() {
        Inventory withIoMethod = new InventoryLoader().parse(inventory.source(),
                readInventory().replace("    max_connections: 500\n", "    max_connections: 500\n    io_method: worker\n"));

        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> service().apply(withIoMethod, ApplyOptions.defaults()));

        assertEquals(List.of("node worker1 on server db2: io_method: not a setting of PostgreSQL 15 (only of PostgreSQL 18);"
                        + " image citusdata/citus:13.2.0-pg15 runs PostgreSQL 15",
                "node worker2 on server db3: io_method: not a setting of PostgreSQL 15 (only of PostgreSQL 18);"
                        + " image citusdata/citus:13.2.0-pg15 runs PostgreSQL 15"), error.lines());
        servers.values().forEach(s -> assertEquals(List.of(), s.changes(), s.name + " was changed"));
    }
}
