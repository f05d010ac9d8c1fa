package dev.citusdeploy.ssh;

/** A TCP port on this machine that leads to a port on (or near) a server. */
public interface Tunnel extends AutoCloseable {

    /** Where to connect locally. */
    String localHost();

    int localPort();

    @Override
    void close();
}
