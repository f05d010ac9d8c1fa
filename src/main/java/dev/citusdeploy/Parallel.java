package dev.citusdeploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one task per server at the same time. Every task runs to its end even when another fails,
 * so no server is left half-done because of a neighbour; then all failures are reported together.
 */
public final class Parallel {
    private Parallel() {
    }

    public static <K, R> Map<K, R> run(List<K> keys, Function<K, R> task) {
        Map<K, R> results = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(keys.size(), 32), runnable -> {
            Thread thread = new Thread(runnable, "citus-deploy-server");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<K, Future<R>> futures = new LinkedHashMap<>();
            for (K key : keys) {
                futures.put(key, pool.submit(() -> task.apply(key)));
            }
            List<CitusDeployException> failures = new ArrayList<>();
            for (Map.Entry<K, Future<R>> entry : futures.entrySet()) {
                try {
                    results.put(entry.getKey(), entry.getValue().get());
                } catch (ExecutionException e) {
                    failures.add(asDeployException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CitusDeployException(ExitCode.INTERNAL, "interrupted", e);
                }
            }
            if (!failures.isEmpty()) {
                throw combine(failures);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts {@code task} on a thread of its own, to run while the caller does something else;
     * {@link Started#join} waits for it.
     */
    public static <R> Started<R> start(java.util.function.Supplier<R> task) {
        java.util.concurrent.CompletableFuture<R> future = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(task.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "citus-deploy-background");
        thread.setDaemon(true);
        thread.start();
        return new Started<>(future);
    }

    /** A task {@link #start} started. */
    public static final class Started<R> {
        private final java.util.concurrent.CompletableFuture<R> future;

        private Started(java.util.concurrent.CompletableFuture<R> future) {
            this.future = future;
        }

        /** Its result, or its failure (a {@link CitusDeployException} as it was thrown). */
        public R join() {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw asDeployException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CitusDeployException(ExitCode.INTERNAL, "interrupted", e);
            }
        }

        /** Waits for it to end, whatever its outcome (its result is not wanted). */
        public void settle() {
            try {
                future.handle((result, failure) -> null).get();
            } catch (ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static CitusDeployException combine(List<CitusDeployException> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        List<String> lines = new ArrayList<>();
        failures.forEach(f -> lines.addAll(f.lines()));
        return new CitusDeployException(failures.get(0).exitCode(), lines, failures.get(0));
    }

    private static CitusDeployException asDeployException(Throwable cause) {
        if (cause instanceof CitusDeployException deploy) {
            return deploy;
        }
        return new CitusDeployException(ExitCode.INTERNAL, "unexpected error: " + cause, cause);
    }
}
