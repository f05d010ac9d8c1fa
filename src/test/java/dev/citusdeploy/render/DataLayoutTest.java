package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.citusdeploy.host.ContainerState;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataLayoutTest {

    @Test
    void newNodesFollowTheOfficialImagesOfTheirMajor() {
        assertEquals(new DataLayout("/var/lib/postgresql/data", "/var/lib/postgresql/data"), DataLayout.forNewNode(15));
        assertEquals(new DataLayout("/var/lib/postgresql/data", "/var/lib/postgresql/data"), DataLayout.forNewNode(17));
        assertEquals(new DataLayout("/var/lib/postgresql", "/var/lib/postgresql/18/docker"), DataLayout.forNewNode(18));
        assertEquals(new DataLayout("/var/lib/postgresql", "/var/lib/postgresql/19/docker"), DataLayout.forNewNode(19));
    }

    @Test
    void aVolumesContentTellsItsLayout() {
        assertEquals(Optional.of(DataLayout.UP_TO_17), DataLayout.fromVersionFile("PG_VERSION"));
        assertEquals(Optional.of(DataLayout.perMajor(18)), DataLayout.fromVersionFile("18/docker/PG_VERSION"));
        assertEquals(Optional.empty(), DataLayout.fromVersionFile("data/PG_VERSION"));
    }

    @Test
    void pgdataMustLieOnTheVolume() {
        assertThrows(IllegalArgumentException.class, () -> new DataLayout("/var/lib/postgresql/data", "/var/lib/postgresql"));
        assertThrows(IllegalArgumentException.class, () -> new DataLayout("/var/lib/postgresql", "/var/lib/postgresqlx/18"));
    }

    @Test
    void aRunningContainerKeepsItsMountsAndPgdata() {
        ContainerState legacy = ContainerState.parse("running|healthy|0|citus-worker1-data=/var/lib/postgresql/data;"
                + "0123abcd=/var/lib/postgresql;|[\"PATH=/bin\",\"PGDATA=/var/lib/postgresql/data\",\"X=a|b\"]\n");
        assertEquals(Map.of("citus-worker1-data", "/var/lib/postgresql/data", "0123abcd", "/var/lib/postgresql"), legacy.volumes());
        assertEquals(Optional.of(DataLayout.UP_TO_17), legacy.dataLayout("citus-worker1-data"));
        assertEquals(Optional.empty(), legacy.dataLayout("another-volume"));

        ContainerState perMajor = ContainerState.parse("exited||2|v=/var/lib/postgresql;|[\"PGDATA=/var/lib/postgresql/18/docker\"]");
        assertEquals(Optional.of(DataLayout.perMajor(18)), perMajor.dataLayout("v"));
        assertEquals(2, perMajor.restartCount());

        ContainerState noEnv = ContainerState.parse("running|healthy|0|v=/var/lib/postgresql/data;|null");
        assertEquals(Optional.of(DataLayout.UP_TO_17), noEnv.dataLayout("v"));
    }
}
