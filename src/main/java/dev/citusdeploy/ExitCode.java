package dev.citusdeploy;

/** Exit codes of every command; docs/exit-codes.md lists them for operators. */
public enum ExitCode {
    OK(0),
    /** A bug or an unexpected condition in citus-deploy itself. */
    INTERNAL(1),
    /** Wrong flags or arguments (picocli's usage error). */
    USAGE(2),
    /** The inventory is invalid (or names a setting the image's PostgreSQL lacks); nothing was changed. */
    INVALID_INVENTORY(3),
    /** A server could not be reached over SSH, or refused our key, or its host key is unknown/changed. */
    CONNECTION(4),
    /** A step on a server or database failed (Docker, Compose, PostgreSQL, Citus). */
    REMOTE_FAILURE(5),
    /** A check found the cluster not as the inventory describes it (e.g. status with problems). */
    NOT_CONVERGED(6),
    /** plan: there are changes to apply (0 means the cluster already matches the inventory). */
    CHANGES_PLANNED(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
