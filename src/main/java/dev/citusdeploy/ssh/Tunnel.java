package dev.citusdeploy.ssh;

/** A TCP port on this machine that leads to a port on (or near) a server. */
public interface Tunnel extends AutoCloseable {

    /** Where to connect locally. */
    String localHost();

    int localPort();

    @Override
    void close();

    /** No tunnel at all: the port is reachable as it is (a local server, or a test). */
    static Tunnel direct(String host, int port) {
        return new Tunnel() {
            @Override
            public String localHost() {
                return host;
            }

            @Override
            public int localPort() {
                return port;
            }

            @Override
            public void close() {
                // nothing was opened
            }
        };
    }
}
