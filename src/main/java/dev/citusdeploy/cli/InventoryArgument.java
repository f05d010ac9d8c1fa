package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The inventory file every command takes as its first argument. */
final class InventoryArgument {
    @Parameters(index = "0", paramLabel = "INVENTORY", description = "The inventory file (YAML).")
    Path file;

    Inventory load() {
        return new InventoryLoader().load(file);
    }
}
