package dev.citusdeploy.render;

import java.util.Optional;

/**
 * Where a node's data lives in its container: the mount point of its named volume and PGDATA.
 *
 * <p>The official postgres images changed this at PostgreSQL 18: up to 17 the volume holds the
 * data directory itself ({@code /var/lib/postgresql/data}); from 18 the volume is
 * {@code /var/lib/postgresql} and PGDATA is {@code /var/lib/postgresql/<major>/docker}, so that a
 * later pg_upgrade --link can keep old and new data directories in one mount. A new node gets its
 * image's layout; an existing node keeps the layout its volume already has (data is never moved).
 *
 * @param mount  where the node's named volume is mounted
 * @param pgdata the data directory (PGDATA), at or below the mount
 */
public record DataLayout(String mount, String pgdata) {
    /** The first PostgreSQL major whose official image uses the per-major layout. */
    public static final int FIRST_PER_MAJOR = 18;
    /** Up to PostgreSQL 17: the volume is the data directory. */
    public static final DataLayout UP_TO_17 = new DataLayout("/var/lib/postgresql/data", "/var/lib/postgresql/data");

    private static final String PER_MAJOR_MOUNT = "/var/lib/postgresql";

    public DataLayout {
        if (!mount.startsWith("/") || !(pgdata.equals(mount) || pgdata.startsWith(mount + "/"))) {
            throw new IllegalArgumentException("PGDATA " + pgdata + " is not on the volume mounted at " + mount);
        }
    }

    /** The layout the official image of this PostgreSQL major gives a new node. */
    public static DataLayout forNewNode(int pgMajor) {
        return pgMajor >= FIRST_PER_MAJOR ? perMajor(pgMajor) : UP_TO_17;
    }

    public static DataLayout perMajor(int pgMajor) {
        return new DataLayout(PER_MAJOR_MOUNT, PER_MAJOR_MOUNT + "/" + pgMajor + "/docker");
    }

    /**
     * The layout of a volume's content, from the path of its PG_VERSION relative to the volume root:
     * {@code PG_VERSION} for the data-directory layout, {@code 18/docker/PG_VERSION} for the per-major one.
     */
    public static Optional<DataLayout> fromVersionFile(String relativePath) {
        if (relativePath.equals("PG_VERSION")) {
            return Optional.of(UP_TO_17);
        }
        if (relativePath.matches("\\d+/docker/PG_VERSION")) {
            return Optional.of(perMajor(Integer.parseInt(relativePath.substring(0, relativePath.indexOf('/')))));
        }
        return Optional.empty();
    }
}
