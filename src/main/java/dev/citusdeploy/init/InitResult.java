package dev.citusdeploy.init;

import java.nio.file.Path;

/** The files init wrote. */
public record InitResult(Path inventory, Path passwordFile, int workers, boolean singleMachine, String image) {
}
