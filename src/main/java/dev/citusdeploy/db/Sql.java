package dev.citusdeploy.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A tiny helper for parameterised queries; every call is one statement. */
final class Sql {
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final String node;
    private final SqlLog log;

    Sql(Connection connection, String node, SqlLog log) {
        this.connection = connection;
        this.node = node;
        this.log = log;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } finally {
            logged(sql, started);
        }
    }

    void execute(String sql, Object... parameters) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.execute();
        } finally {
            logged(sql, started);
        }
    }

    private void logged(String sql, long started) {
        log.statement(node, SqlLog.masked(sql), java.time.Duration.ofNanos(System.nanoTime() - started));
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
