package dev.citusdeploy.apply;

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
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Planner;
import dev.citusdeploy.plan.RebalancePlanner;
import dev.citusdeploy.plan.ScaleInPlanner;
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
        return plan(inventory, ApplyOptions.defaults());
    }

    /** The plan with apply's options (how shards move off leaving workers, purge). */
    public Plan plan(Inventory inventory, ApplyOptions options) {
        passwords.fromInventory(inventory); // a missing env var or file fails before any connection
        try (ServerSessions connections = ServerSessions.openAll(inventory, connector)) {
            return planOf(inventory, ClusterFacts.gather(inventory, connections, renderer, passwords, databases), options);
        }
    }

    private static Plan planOf(Inventory inventory, ClusterFacts facts, ApplyOptions options) {
        Map<String, Long> freeBytes = new LinkedHashMap<>();
        facts.servers.values().forEach(server -> freeBytes.putAll(server.freeBytes));
        dev.citusdeploy.facts.DatabaseFacts coordinator = facts.nodes.get(inventory.coordinator().name()).database();
        List<String> arriving = coordinator.running()
                ? dev.citusdeploy.facts.ScaleOut.unregistered(inventory, coordinator).stream().map(dev.citusdeploy.inventory.Node::name).toList()
                : List.of();
        Plan scaleIn = ScaleInPlanner.plan(inventory, facts.leaving, facts.activeJobs, facts.noReplicaIdentity, freeBytes,
                options.transferMode(), options.purge(), arriving);
        Plan rebalance = RebalancePlanner.plan(inventory, facts.nodes.get(inventory.coordinator().name()).database(),
                facts.noReplicaIdentity, facts.rebalanceMoves, options.transferMode(), options.noRebalance());
        Plan plan = Planner.plan(inventory, facts.files, facts.nodes, facts.imageMajors(), scaleIn.then(rebalance));
        if (facts.othersRunning().isEmpty()) {
            return plan;
        }
        // Only a plan read without the lock (plan, --dry-run) gets here: apply waits for them first.
        List<String> warnings = new ArrayList<>(plan.warnings());
        facts.othersRunning().forEach((node, statements) -> statements.forEach(statement -> warnings.add("node " + node
                + ": another citus-deploy session is running a statement (" + statement.describe() + "); the cluster may"
                + " be changing under this plan")));
        return new Plan(plan.actions(), warnings);
    }

    public ApplyReport apply(Inventory inventory, ApplyOptions options) {
        return apply(inventory, options, "apply");
    }

    /**
     * {@code command} names the run in the cluster lock (apply, add-worker). When workers were
     * removed, a second pass (same lock) drops them from the other nodes' pg_hba.conf and password
     * files, which kept them while they were drained.
     */
    public ApplyReport apply(Inventory inventory, ApplyOptions options, String command) {
        passwords.fromInventory(inventory);
        try (ServerSessions connections = ServerSessions.openAll(inventory, connector)) {
            if (options.dryRun()) {
                return pass(inventory, options, command, connections, null, System.nanoTime());
            }
            long since = System.nanoTime();
            Locked locked = lockAndGather(inventory, options, command, connections);
            try (ClusterLock lock = locked.lock()) {
                ClusterFacts facts = null; // read again, under the lock, unless no other run can have changed the cluster
                if (lock.quietSince(since)) {
                    if (locked.failure() != null) {
                        throw locked.failure();
                    }
                    facts = locked.facts();
                }
                return passes(inventory, options, command, connections, facts, facts != null ? since : System.nanoTime());
            }
        }
    }

    /** The lock, and the facts read while it was taken (or why they could not be read). */
    private record Locked(ClusterLock lock, ClusterFacts facts, RuntimeException failure) {
    }

    /**
     * Takes the lock with the command that reads the coordinator's server's facts, while the other
     * servers are read (one round trip less); what failed is kept, not thrown, once the lock is
     * held: it may have been another run's doing (see {@link ClusterLock#quietSince}).
     */
    private Locked lockAndGather(Inventory inventory, ApplyOptions options, String command, ServerSessions connections) {
        String lockServer = inventory.coordinator().server();
        java.util.concurrent.atomic.AtomicReference<ClusterLock> taken = new java.util.concurrent.atomic.AtomicReference<>();
        ClusterFacts.Asking asking = (server, shell, commands) -> {
            if (!server.equals(lockServer)) {
                return shell.runAll(commands);
            }
            taken.set(ClusterLock.acquire(inventory, shell, command, options.lockWait(), events, commands));
            return taken.get().results();
        };
        try {
            ClusterFacts facts = ClusterFacts.gather(inventory, connections, renderer, passwords, databases, asking);
            return new Locked(taken.get(), facts, null);
        } catch (RuntimeException e) {
            if (taken.get() == null) {
                throw e;
            }
            return new Locked(taken.get(), null, e);
        }
    }

    private ClusterFacts gather(Inventory inventory, ServerSessions connections) {
        return ClusterFacts.gather(inventory, connections, renderer, passwords, databases);
    }

    /**
     * The run under the lock: a pass ({@code facts}: gathered already, or null), and when workers
     * were removed, a second pass that drops them from the other nodes' pg_hba.conf and password
     * files, which kept them while they were drained.
     */
    private ApplyReport passes(Inventory inventory, ApplyOptions options, String command, ServerSessions connections,
                               ClusterFacts facts, long started) {
        ApplyReport first = pass(inventory, options, command, connections, facts, started);
        boolean scaledIn = first.actions().stream().anyMatch(a -> a instanceof Action.RemoveWorker)
                || first.actions().stream().anyMatch(a -> a instanceof Action.RemoveContainer);
        if (!scaledIn) {
            return first;
        }
        ApplyReport second = pass(inventory, options, command, connections, null, System.nanoTime());
        List<Action> actions = new ArrayList<>(first.actions());
        actions.addAll(second.actions());
        List<String> warnings = new ArrayList<>(first.warnings());
        second.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        Map<String, Duration> phases = new LinkedHashMap<>(first.phases());
        second.phases().forEach((phase, took) -> phases.merge(phase, took, Duration::plus));
        String runs = second.runId().isEmpty() ? first.runId() : first.runId() + ", " + second.runId();
        return new ApplyReport(inventory.cluster(), false, actions, warnings, first.nodes(), first.servers(),
                first.took().plus(second.took()), phases, runs, first.deferred() + second.deferred());
    }

    /** One gathering of facts, one plan, its execution (and its record in citus_deploy.runs). */
    /** {@code gathered}: the facts when they were gathered already (since {@code started}), else null. */
    private ApplyReport pass(Inventory inventory, ApplyOptions options, String command, ServerSessions connections,
                             ClusterFacts gathered, long started) {
        int servers = inventory.usedServers().size();
        ClusterFacts read = gathered != null ? gathered : gather(inventory, connections);
        ClusterFacts facts = options.dryRun() ? read : settled(inventory, connections, read);
        Plan plan = planOf(inventory, facts, options);
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
        record.run(() -> warnings.addAll(executor.execute(plan, options)));
        warnings.addAll(record.warnings());
        phases.putAll(executor.phases());
        List<Action> applied = plan.actions().stream().filter(a -> !executor.deferred().contains(a)).toList();
        return new ApplyReport(inventory.cluster(), false, applied, warnings, inventory.nodes().size(), servers,
                elapsed(started), phases, record.runId(), executor.deferred().size());
    }

    /**
     * The facts once no statement of an earlier run is running on any node (see {@link
     * EarlierStatements}): the same facts when none was, else facts read again after they ended.
     * Called under the cluster lock, so no live run can send new ones.
     */
    private ClusterFacts settled(Inventory inventory, ServerSessions connections, ClusterFacts facts) {
        long deadline = System.nanoTime() + EarlierStatements.DEADLINE.toNanos();
        ClusterFacts settled = facts;
        while (!settled.othersRunning().isEmpty()) {
            EarlierStatements.waitFor(inventory, settled.othersRunning(), connections, databases, settled.password, deadline,
                    events);
            settled = gather(inventory, connections);
        }
        return settled;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
