package dev.citusdeploy.db;

import java.util.List;
import java.util.Map;

/**
 * One reading of a Citus background job (citus_job_status()).
 *
 * @param state  scheduled, running, finished, failing, failed, cancelling, cancelled
 * @param tasks  how many tasks are in each state (done, running, runnable, blocked, error, ...)
 * @param moving what the running tasks move, e.g. "worker1:5432 -> worker3:5432 (12 MB)"
 * @param errors the messages of failed or retried tasks, as Citus recorded them
 */
public record JobStatus(long jobId, String state, Map<String, Integer> tasks, List<String> moving, List<String> errors) {

    public JobStatus {
        tasks = Map.copyOf(tasks);
        moving = List.copyOf(moving);
        errors = List.copyOf(errors);
    }

    public boolean finished() {
        return state.equals("finished");
    }

    /** Failed or cancelled: it will not finish on its own. */
    public boolean stopped() {
        return state.equals("failed") || state.equals("cancelled");
    }

    public int total() {
        return tasks.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int done() {
        return tasks.getOrDefault("done", 0);
    }
}
