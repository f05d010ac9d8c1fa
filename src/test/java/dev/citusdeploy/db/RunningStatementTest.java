package dev.citusdeploy.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunningStatementTest {

    private static String summary(String query) {
        return new RunningStatement(1, 0, query).summary();
    }

    @Test
    void aStatementShowsWithoutItsArguments() {
        assertEquals("SELECT citus_add_node ...", summary("SELECT citus_add_node($1, $2)"));
        assertEquals("ALTER ROLE postgres PASSWORD ...", summary("ALTER ROLE postgres PASSWORD 'SCRAM-SHA-256$4096:abc'"));
        assertEquals("SET LOCAL citus.enable_ddl_propagation TO off ...",
                summary("SET LOCAL citus.enable_ddl_propagation TO off; CREATE SCHEMA IF NOT EXISTS citus_deploy"));
        assertEquals("CREATE EXTENSION IF NOT EXISTS citus", summary("CREATE EXTENSION IF NOT EXISTS citus"));
        assertEquals("SELECT a, b FROM t WHERE x = ...", summary("SELECT a,\n   b FROM t WHERE x = $1"));
    }

    @Test
    void aLongStatementIsCut() {
        String summary = summary("SELECT " + "column_name, ".repeat(20) + "x FROM t");
        assertEquals(64, summary.length(), summary);
    }

    @Test
    void itsDescriptionNamesThePidAndHowLongItRan() {
        assertEquals("pid 4242, running 3 s: SELECT citus_add_node ...",
                new RunningStatement(4242, 2.6, "SELECT citus_add_node($1, $2)").describe());
    }
}
