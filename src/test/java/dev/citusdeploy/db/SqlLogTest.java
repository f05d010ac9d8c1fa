package dev.citusdeploy.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlLogTest {
    @Test
    void passwordLiteralsAreMasked() {
        assertEquals("ALTER ROLE postgres PASSWORD '***'", SqlLog.masked("ALTER ROLE postgres PASSWORD 's3cr''et'"));
        assertEquals("alter role x with password '***' valid until 'infinity'",
                SqlLog.masked("alter role x with password 'abc' valid until 'infinity'"));
        assertEquals("SELECT citus_add_node(?, ?)", SqlLog.masked("SELECT citus_add_node(?, ?)"));
    }
}
