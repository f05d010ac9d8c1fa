package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PostgresConfTest {
    @Test
    void citusIsPutFirstOnce() {
        assertEquals("citus", PostgresConf.citusFirst(""));
        assertEquals("citus,pg_stat_statements", PostgresConf.citusFirst("pg_stat_statements"));
        assertEquals("citus,pg_stat_statements,auto_explain", PostgresConf.citusFirst("pg_stat_statements, citus ,auto_explain"));
    }

    @Test
    void valuesAreQuotedOnlyWhenNeeded() {
        assertEquals("256MB", PostgresConf.format("256MB"));
        assertEquals("200", PostgresConf.format("200"));
        assertEquals("on", PostgresConf.format("on"));
        assertEquals("'%m [%p] '", PostgresConf.format("'%m [%p] '"));
        assertEquals("'it''s'", PostgresConf.format("it's"));
        assertEquals("'citus,pg_stat_statements'", PostgresConf.format("citus,pg_stat_statements"));
    }

    @Test
    void defaultsFilesParse() {
        assertEquals("200", PostgresConf.defaults("coordinator").get("max_connections"));
        assertEquals("'%m [%p] %q%u@%d '", PostgresConf.defaults("worker").get("log_line_prefix"));
    }
}
