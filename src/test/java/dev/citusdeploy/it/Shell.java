package dev.citusdeploy.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs local commands for the test fixtures (never the product's code path). */
final class Shell {
    record Result(int exit, String out) {
    }

    private Shell() {
    }

    static Result run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + argv);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    static String ok(List<String> argv) {
        Result result = run(argv);
        if (result.exit() != 0) {
            throw new IllegalStateException(argv + " failed: " + result.out());
        }
        return result.out();
    }
}
