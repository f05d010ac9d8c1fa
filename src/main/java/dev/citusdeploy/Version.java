package dev.citusdeploy;

/** The version of this citus-deploy, from the jar's manifest. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
