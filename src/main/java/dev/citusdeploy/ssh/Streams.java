package dev.citusdeploy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a command's output stream to its end. */
final class Streams {
    private Streams() {
    }

    /** Everything the stream gives; what was read before a failure when it breaks (the exit status tells). */
    static byte[] readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // a broken stream ends the output; the exit status says whether the command failed
        }
        return out.toByteArray();
    }
}
