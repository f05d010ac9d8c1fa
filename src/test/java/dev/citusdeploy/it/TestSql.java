package dev.citusdeploy.it;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small query helpers for the integration tests. */
final class TestSql {
    private TestSql() {
    }

    /** The first column of the first row, as a number. */
    static long single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
