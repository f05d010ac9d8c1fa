package dev.citusdeploy.plan;

import dev.citusdeploy.render.RenderedFile;

/** One change that apply makes. A plan is a list of these; dry runs print them, tests compare them. */
public sealed interface Action {

    /** What it concerns: "node worker1 on server db2" or "coordinator". */
    String node();

    /** One line for people, without secrets. */
    String describe();

    /** Write a file atomically (only done when its content differs from the server's copy). */
    record UploadFile(String node, RenderedFile file, boolean replaces) implements Action {
        @Override
        public String describe() {
            return (replaces ? "update " : "create ") + file.path() + (file.secret() ? " (secret, 0600)" : "");
        }
    }

    /** docker compose up -d: create, start, or recreate the node's container, then wait until healthy. */
    record StartNode(String node, String reason) implements Action {
        @Override
        public String describe() {
            return "start the container (" + reason + ")";
        }
    }

    /** The running server reloads postgresql.conf / pg_hba.conf; settings that need a restart are reported. */
    record ReloadConfiguration(String node) implements Action {
        @Override
        public String describe() {
            return "reload the configuration";
        }
    }

    record CreateExtension(String node) implements Action {
        @Override
        public String describe() {
            return "CREATE EXTENSION citus";
        }
    }

    record SetCoordinatorHost(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_set_coordinator_host('" + host + "', " + port + ")";
        }
    }

    record AddWorker(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_add_node('" + host + "', " + port + ")";
        }
    }

    record ActivateWorker(String node, String host, int port) implements Action {
        @Override
        public String describe() {
            return "citus_activate_node('" + host + "', " + port + ") (registered but inactive)";
        }
    }
}
