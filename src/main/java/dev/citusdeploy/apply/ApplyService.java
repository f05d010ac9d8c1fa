package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.report.PlanWriter;
import dev.citusdeploy.facts.ClusterFacts;
import dev.citusdeploy.report.ApplyReport;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.ssh.ServerSessions;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.plan.Planner;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.ssh.RemoteShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Converges the servers on the inventory: gather facts (changing nothing), plan the whole run as
 * a value, then execute it. A dry run stops after the plan. Servers are handled in parallel, each
 * over one connection that every step reuses.
 */
public final class ApplyService {
    private final Function<Server, RemoteShell> connector;
    private final NodeDatabase databases;
    private final NodeRenderer renderer;
    private final PasswordResolver passwords;
    private final Consumer<Event> events;

    public ApplyService(Function<Server, RemoteShell> connector, NodeDatabase databases, NodeRenderer renderer,
                        PasswordResolver passwords, Consumer<Event> events) {
        this.connector = connector;
        this.databases = databases;
        this.renderer = renderer;
        this.passwords = passwords;
        this.events = events;
    }

    /** The plan alone: what apply would do now. Contacts the servers and databases, changes nothing. */
    public Plan plan(Inventory inventory) {
        passwords.fromInventory(inventory); // a missing env var or file fails before any connection
        try (ServerSessions connections = ServerSessions.open(inventory, connector)) {
            ClusterFacts facts = ClusterFacts.gather(inventory, connections, renderer, passwords, databases);
            return Planner.plan(inventory, facts.files, facts.nodes, facts.imageMajors());
        }
    }

    public ApplyReport apply(Inventory inventory, ApplyOptions options) {
        return apply(inventory, options, "apply");
    }

    /** {@code command} names the run in the cluster lock (apply, add-worker). */
    public ApplyReport apply(Inventory inventory, ApplyOptions options, String command) {
        long started = System.nanoTime();
        passwords.fromInventory(inventory);
        int servers = inventory.usedServers().size();
        try (ServerSessions connections = ServerSessions.open(inventory, connector);
             ClusterLock lock = options.dryRun() ? null : ClusterLock.acquire(inventory, connections, command, options.lockWait(), events)) {
            ClusterFacts facts = ClusterFacts.gather(inventory, connections, renderer, passwords, databases);
            Plan plan = Planner.plan(inventory, facts.files, facts.nodes, facts.imageMajors());
            Map<String, Duration> phases = new LinkedHashMap<>();
            phases.put("facts", elapsed(started));
            if (options.dryRun()) {
                return new ApplyReport(inventory.cluster(), true, plan.actions(), plan.warnings(), inventory.nodes().size(),
                        servers, elapsed(started), phases);
            }
            List<String> warnings = new ArrayList<>(plan.warnings());
            if (plan.isEmpty()) {
                return new ApplyReport(inventory.cluster(), false, plan.actions(), warnings, inventory.nodes().size(), servers,
                        elapsed(started), phases);
            }
            RunRecorder record = new RunRecorder(inventory, connections, databases, () -> facts.password, command,
                    PlanWriter.json(inventory, plan), plan.actions().size());
            if (facts.nodes.get(inventory.coordinator().name()).database().running()) {
                record.start();
            }
            PlanExecutor executor = new PlanExecutor(inventory, facts, connections, databases, record.observe(events));
            try {
                warnings.addAll(executor.execute(plan, options));
            } catch (CitusDeployException e) {
                record.finish(e.lines().get(0));
                throw e;
            } catch (RuntimeException e) {
                record.finish(String.valueOf(e.getMessage()));
                throw e;
            }
            record.finish(null);
            warnings.addAll(record.warnings());
            phases.putAll(executor.phases());
            List<dev.citusdeploy.plan.Action> applied = plan.actions().stream().filter(a -> !executor.deferred().contains(a)).toList();
            return new ApplyReport(inventory.cluster(), false, applied, warnings, inventory.nodes().size(), servers,
                    elapsed(started), phases, record.runId(), executor.deferred().size());
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
