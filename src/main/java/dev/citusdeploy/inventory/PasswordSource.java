package dev.citusdeploy.inventory;

import java.nio.file.Path;

/** Where the database superuser's password comes from. It is never printed. */
public sealed interface PasswordSource {

    /** Read from an environment variable of the operator's shell. */
    record FromEnv(String variable) implements PasswordSource {
    }

    /** Read from a file on the operator's machine (first line). */
    record FromFile(Path file) implements PasswordSource {
    }

    /** Generated on the first apply and kept on the servers (in each node's secrets folder). */
    record Generated() implements PasswordSource {
    }
}
