package dev.citusdeploy.db;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.sql.SQLException;

/** One-line errors for database steps, starting with the node, with hints for the known failures. */
final class DatabaseFailure {
    private DatabaseFailure() {
    }

    static CitusDeployException connecting(String node, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = switch (state) {
            case "28P01" -> "password authentication failed for user " + user + ": the node's password is another one";
            case "28000" -> "the node refused the connection for user " + user + " (pg_hba.conf): " + firstLine(e);
            case "3D000" -> "the database does not exist: " + firstLine(e);
            default -> "cannot connect to PostgreSQL: " + firstLine(e);
        };
        return new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node + ": " + message, e);
    }

    static CitusDeployException of(String node, String step, SQLException e) {
        String message = firstLine(e);
        String hint = hint(message);
        return new CitusDeployException(ExitCode.REMOTE_FAILURE,
                "node " + node + ": " + step + " failed: " + message + hint, e);
    }

    private static String hint(String message) {
        if (message.contains("fe_sendauth: no password supplied")) {
            return " (node-to-node connections found no password: check the node's password file)";
        }
        if (message.contains("Node cannot add itself as a worker")) {
            return " (two nodes share a cloned data directory: each needs its own volume)";
        }
        if (message.contains("coordinator hostname is set to localhost")) {
            return " (the coordinator was registered as localhost before citus-deploy set it)";
        }
        return "";
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
