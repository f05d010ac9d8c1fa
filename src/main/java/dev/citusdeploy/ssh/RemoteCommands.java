package dev.citusdeploy.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure builders of the commands citus-deploy runs on servers. Nothing here runs anything; the
 * argv lists are easy to read in a test or a dry run.
 */
public final class RemoteCommands {
    /** docker pull and compose up (which may pull): images can be large and registries slow. */
    public static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);
    /** docker stop gives PostgreSQL 120 s for a fast shutdown; removing follows. */
    public static final Duration STOP_TIMEOUT = Duration.ofMinutes(4);
    private RemoteCommands() {
    }

    /** sha256sum of each file that exists; missing files are left out. */
    public static List<String> fileHashes(List<String> paths) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "for f in \"$@\"; do if [ -f \"$f\" ]; then sha256sum \"$f\"; fi; done", "sh"));
        argv.addAll(paths);
        return argv;
    }

    /** Parses sha256sum lines into path -> hash. */
    public static Map<String, String> parseHashes(String output) {
        Map<String, String> hashes = new HashMap<>();
        for (String line : output.split("\n")) {
            int space = line.indexOf("  ");
            if (space == 64) {
                hashes.put(line.substring(space + 2).strip(), line.substring(0, space));
            }
        }
        return hashes;
    }

    /**
     * Writes stdin to {@code path} atomically: a temporary file in the same folder with the final
     * mode, then a rename over the old file. Readers never see a half-written file. The folder is
     * readable (the container's postgres user reads the configuration through it) unless the file
     * is private (0600): then the folder is root-only too.
     */
    public static List<String> writeFile(String path, int mode) {
        String folderMode = (mode & 077) == 0 ? "700" : "755";
        return List.of("sh", "-c",
                "set -e; d=\"$(dirname \"$1\")\"; (umask 022; mkdir -p \"$d\"); chmod \"$3\" \"$d\"; umask 077; "
                        + "t=\"$1.tmp.$$\"; cat > \"$t\"; chmod \"$2\" \"$t\"; mv -f \"$t\" \"$1\"",
                "sh", path, Integer.toOctalString(mode), folderMode);
    }

    /**
     * Writes several files from one stdin stream (their contents one after the other), each as
     * {@link #writeFile} does: atomically, with its mode, its folder root-only when the file is
     * private. Arguments per file: path, mode, folder mode, length in bytes. The stream waits in a
     * root-only temporary folder beside the first file until every file is in place.
     */
    public static List<String> writeFiles(List<String> paths, List<Integer> modes, List<Integer> lengths) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "set -e; (umask 022; mkdir -p \"$(dirname \"$1\")\"); umask 077;"
                        + " t=$(mktemp -d \"$(dirname \"$1\")/.citus-deploy-upload.XXXXXX\"); trap 'rm -rf \"$t\"' EXIT;"
                        + " cat > \"$t/all\"; off=0;"
                        + " while [ $# -gt 0 ]; do d=\"$(dirname \"$1\")\"; (umask 022; mkdir -p \"$d\"); chmod \"$3\" \"$d\";"
                        + " f=\"$1.tmp.$$\"; tail -c +$((off + 1)) \"$t/all\" | head -c \"$4\" > \"$f\";"
                        + " if [ \"$(wc -c < \"$f\")\" -ne \"$4\" ]; then echo \"$1: short write\" >&2; rm -f \"$f\"; exit 1; fi;"
                        + " chmod \"$2\" \"$f\"; mv -f \"$f\" \"$1\"; off=$((off + $4)); shift 4; done", "sh"));
        for (int i = 0; i < paths.size(); i++) {
            int mode = modes.get(i);
            argv.addAll(List.of(paths.get(i), Integer.toOctalString(mode), (mode & 077) == 0 ? "700" : "755",
                    Integer.toString(lengths.get(i))));
        }
        return argv;
    }

    /**
     * The content of each file that exists, one {@code <path>\t<base64>} line per file (base64 keeps
     * any byte and line break intact). For the server's copy of files about to change, for diffs.
     */
    public static List<String> readFiles(List<String> paths) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "for f in \"$@\"; do if [ -f \"$f\" ]; then printf '%s\\t' \"$f\"; base64 -w 0 \"$f\"; echo; fi; done", "sh"));
        argv.addAll(paths);
        return argv;
    }

    /** Parses {@link #readFiles} output into path -> text (UTF-8). */
    public static Map<String, String> parseFiles(String output) {
        Map<String, String> texts = new HashMap<>();
        for (String line : output.split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                byte[] content = java.util.Base64.getDecoder().decode(line.substring(tab + 1).strip());
                texts.put(line.substring(0, tab), new String(content, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    /** Prints a file if it exists (used for the stored password; the output is never shown). */
    public static List<String> readFileIfExists(String path) {
        return List.of("sh", "-c", "if [ -f \"$1\" ]; then cat \"$1\"; fi", "sh", path);
    }

    public static List<String> dockerServerVersion() {
        return List.of("docker", "version", "--format", "{{.Server.Version}}");
    }

    public static List<String> composeVersion(List<String> compose) {
        List<String> argv = new ArrayList<>(compose);
        argv.addAll(List.of("version", "--short"));
        return argv;
    }

    /**
     * Status, health, restart count, named volumes and environment of a container, as
     * {@code running|healthy|0|vol=/mount;|["PGDATA=...",...]}.
     */
    public static List<String> containerState(String container) {
        return List.of("docker", "inspect", "--type", "container", "--format", STATE_FORMAT, container);
    }

    /** What {@link #containerState} prints (the environment last: it may contain the separator). */
    private static final String STATE_FORMAT = "{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.RestartCount}}|"
            + "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}={{.Destination}};{{end}}{{end}}|{{json .Config.Env}}";

    /**
     * One docker inspect of the cluster's containers on a server: those named (the nodes the
     * inventory puts there, found even without labels) and those labelled with the cluster (nodes it
     * no longer lists there). One line each: {@code /name|node|role|created|} then the
     * {@link #containerState} fields. A named container that does not exist is left out (docker
     * says so on stderr, and exits 1).
     */
    public static List<String> clusterContainers(String cluster, List<String> names) {
        return clusterContainers(cluster, names, List.of(), List.of());
    }

    /** The line after which {@link #clusterContainers(String, List, List, List)} prints what a start needs. */
    public static final String STARTING = "@starting";

    /**
     * {@link #clusterContainers(String, List)}, and only where a node is to start (one of the named
     * containers is not running, or does not mount its volume, the one of {@code volumes} at the same
     * place): a line {@value #STARTING}, then the results of {@code startCommands} as one {@link
     * CommandBatch} prints them. What only a start needs (Compose, the image's contents, the
     * volumes) is then asked in the same round trip, and never in a run that starts nothing.
     */
    public static List<String> clusterContainers(String cluster, List<String> names, List<String> volumes,
                                                 List<List<String>> startCommands) {
        // The named containers and their volumes come in pairs; awk tells whether each container runs
        // with its volume mounted; where one does not, the start's commands run, as one batch.
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "f=$1; c=$2; b=$3; shift 3;"
                + " ids=$(docker ps -aq --filter label=dev.citusdeploy.cluster=\"$c\") || exit $?;"
                + " names=; i=0; for a in \"$@\"; do [ $((i % 2)) -ne 0 ] || names=\"$names $a\"; i=$((i + 1)); done;"
                + " out=; e=0; if [ -n \"$names\" ] || [ -n \"$ids\" ]; then"
                + " out=$(docker container inspect --format \"$f\" $names $ids); e=$?; printf '%s\\n' \"$out\"; fi;"
                + " if [ -n \"$b\" ] && ! printf '%s\\n' \"$out\" | awk -F'|' 'BEGIN { for (i = 1; i < ARGC; i += 2) {"
                + " want[\"/\" ARGV[i]] = ARGV[i + 1] \"=\"; ARGV[i] = \"\"; ARGV[i + 1] = \"\" } }"
                + " $1 in want && $5 == \"running\" { n = split($8, m, \";\"); for (k = 1; k <= n; k++) if (index(m[k], want[$1]) == 1) ok[$1] = 1 }"
                + " END { for (w in want) if (!(w in ok)) exit 1 }' \"$@\";"
                + " then echo " + STARTING + "; sh -c \"$b\" citus-deploy-batch; fi; exit $e", "sh",
                "{{.Name}}|{{index .Config.Labels \"dev.citusdeploy.node\"}}|{{index .Config.Labels \"dev.citusdeploy.role\"}}|"
                        + "{{.Created}}|" + STATE_FORMAT, cluster, startCommands.isEmpty() ? "" : CommandBatch.script(startCommands)));
        for (int k = 0; k < names.size(); k++) {
            argv.add(names.get(k));
            argv.add(volumes.isEmpty() ? "" : volumes.get(k));
        }
        return argv;
    }

    /** The file's modification time (seconds since 1970, the server's clock); nothing when it does not exist. */
    public static List<String> modifiedAt(String path) {
        return List.of("sh", "-c", "stat -c %Y \"$1\" 2>/dev/null || true", "sh", path);
    }

    /** Exit status of {@link #waitReady}: PostgreSQL accepts connections. */
    public static final int READY = 0;
    /** Exit status of {@link #waitReady}: the container stopped, restarted or is gone. */
    public static final int CRASHED = 3;
    /** Exit status of {@link #waitReady}: still starting when the time was up. */
    public static final int NOT_READY = 4;

    /**
     * Waits on the server (one command, no round trip per poll) until the node's PostgreSQL
     * accepts TCP connections on its port, checking every 0.1 s: ready when Docker's health check
     * says healthy or {@code pg_isready} in the container answers (what the health check runs, and
     * the health check only runs every few seconds). Stops early when the container is not running
     * or restarts while it waits (Docker restarts a crashed PostgreSQL); gives up after {@code
     * seconds}. Prints the container's last state.
     */
    public static List<String> waitReady(String container, int port, String user, String database, long seconds) {
        return List.of("sh", "-c", "end=$(( $(date +%s) + $5 )); r0=''; while :; do"
                + " s=$(docker inspect --type container --format '{{.State.Status}}|{{.RestartCount}}|"
                + "{{if .State.Health}}{{.State.Health.Status}}{{end}}' \"$1\" 2>/dev/null) || { echo gone; exit " + CRASHED + "; };"
                + " st=${s%%|*}; rest=${s#*|}; rc=${rest%%|*}; h=${rest#*|}; [ -n \"$r0\" ] || r0=$rc;"
                + " if [ \"$st\" != running ] || [ \"$rc\" -gt \"$r0\" ]; then echo \"$s\"; exit " + CRASHED + "; fi;"
                + " if [ \"$h\" = healthy ] || docker exec \"$1\" pg_isready -q -h 127.0.0.1 -p \"$2\" -U \"$3\" -d \"$4\""
                + " >/dev/null 2>&1; then echo \"$s\"; exit " + READY + "; fi;"
                + " if [ \"$(date +%s)\" -ge \"$end\" ]; then echo \"$s\"; exit " + NOT_READY + "; fi;"
                + " sleep 0.1; done",
                "sh", container, Integer.toString(port), user, database, Long.toString(seconds));
    }

    /** Exit status of {@link #startThenWaitReady} when the start command itself failed (its messages on stderr). */
    public static final int START_FAILED = 90;

    /**
     * {@code start} (a compose up), then {@link #waitReady} in the same command: one round trip
     * (and one login shell) less for every node that starts. Exits {@value #START_FAILED} when
     * {@code start} fails (its output on stderr), else as {@link #waitReady} does.
     */
    public static List<String> startThenWaitReady(List<String> start, String container, int port, String user, String database,
                                                  long seconds) {
        List<String> wait = waitReady(container, port, user, database, seconds);
        List<String> argv = new ArrayList<>(wait);
        argv.set(2, ShellQuoting.join(start) + " </dev/null >&2 || exit " + START_FAILED + "; " + wait.get(2));
        return argv;
    }

    /**
     * Reads the node's postgresql.conf as PostgreSQL reads it at start ({@code postgres -C}, allowed
     * next to the running server; it starts nothing): exits non-zero, with PostgreSQL's own
     * messages, when a restart would fail on the file.
     */
    public static List<String> checkPostgresConf(String container, String configFile) {
        return List.of("docker", "exec", "--user", "postgres", container, "postgres", "-C", "data_directory",
                "-c", "config_file=" + configFile);
    }

    /** Rewrites the password copies in the running container from the node's folder (see entrypoint.sh). */
    public static List<String> refreshCredentials(String container, String entrypoint) {
        return List.of("docker", "exec", "--user", "0", container, "bash", entrypoint, "--refresh-password");
    }

    /** docker restart with PostgreSQL's fast shutdown given two minutes, as docker stop does. */
    public static List<String> restartContainer(String container) {
        return List.of("docker", "restart", "--time", "120", container);
    }

    public static List<String> containerLogs(String container, int lines) {
        return List.of("docker", "logs", "--tail", Integer.toString(lines), container);
    }

    /** The image's id and environment (for PG_MAJOR), as {@code sha256:...|["PG_MAJOR=18",...]}. */
    public static List<String> imageFacts(String image) {
        return List.of("docker", "image", "inspect", "--format", "{{.Id}}|{{json .Config.Env}}", image);
    }

    public static List<String> pullImage(String image) {
        return List.of("docker", "pull", "--quiet", image);
    }

    /**
     * What the image ships, without starting PostgreSQL: {@code postgres=<postgres --version>} and
     * one {@code citus=<path>} line per Citus library found. Exits 0 whatever it finds, so a
     * non-zero exit is Docker's own failure (daemon down, disk full), reported as such.
     */
    public static List<String> probeImage(String image) {
        return List.of("docker", "run", "--rm", "--network", "none", "--user", "0:0", "--entrypoint", "sh", image, "-c",
                "echo \"postgres=$(postgres --version 2>/dev/null)\"; "
                        + "for f in /usr/lib/postgresql/*/lib/citus.so /usr/local/lib/postgresql/citus.so; do "
                        + "if [ -f \"$f\" ]; then echo \"citus=$f\"; fi; done");
    }

    /** {@link #probeImage} of an image the server has: never pulls (without the image it fails). */
    public static List<String> probeLocalImage(String image) {
        List<String> probe = new ArrayList<>(probeImage(image));
        probe.addAll(2, List.of("--pull", "never"));
        return probe;
    }

    /**
     * What {@link #holdLock} prints before {@link #LOCKED}: {@code released <when the run before
     * released the lock> <now> <1 if that run left its holder record behind, else 0>}, both times
     * in seconds by the server's clock (0: never released).
     */
    public static final String RELEASED = "released";

    /** What {@link #holdLock} prints once it holds the lock. */
    public static final String LOCKED = "LOCKED";
    /** Exit status of {@link #holdLock} when another run holds the lock (it prints BUSY and the holder). */
    public static final int LOCK_BUSY = 75;

    /**
     * Takes the cluster's lock file with flock(1) and holds it for as long as the command's stdin
     * stays open: {@code cat} waits for the end of stdin, which comes when citus-deploy closes it,
     * or when its connection ends (killed, network gone); the lock goes with the process. The
     * holder ({@code holder}, then the shell's pid) is written beside the lock file for others to
     * read, and when it ends, the time it released the lock ({@code .released}; see {@link
     * #RELEASED}). Busy: prints BUSY and the holder, exits {@value #LOCK_BUSY}.
     */
    public static List<String> holdLock(String lockFile, String holder) {
        return holdLock(lockFile, holder, "");
    }

    /**
     * {@link #holdLock(String, String)} that, once it holds the lock and before it prints {@link
     * #LOCKED}, runs {@code script} (a {@link CommandBatch#script}: what must be read under the
     * lock comes with taking it, in the same command).
     */
    public static List<String> holdLock(String lockFile, String holder, String script) {
        return List.of("sh", "-c", "f=$1; (umask 022; mkdir -p \"$(dirname \"$f\")\") || exit 71;"
                + " command -v flock >/dev/null 2>&1 || { echo 'flock(1) is not installed (package util-linux)'; exit 72; };"
                + " exec 9>>\"$f\" || exit 73;"
                + " if flock -n 9; then l=0; [ ! -f \"$f.holder\" ] || l=1; r=$(cat \"$f.released\" 2>/dev/null);"
                + " printf '%s, pid %s\\n' \"$2\" \"$$\" > \"$f.holder\"; echo \"" + RELEASED + " ${r:-0} $(date +%s.%N) $l\";"
                + " [ -z \"$3\" ] || sh -c \"$3\" citus-deploy-batch </dev/null 9>&-; echo " + LOCKED + ";"
                + " cat 9>&- >/dev/null; [ ! -f \"$f\" ] || date +%s.%N > \"$f.released\"; rm -f \"$f.holder\"; exit 0; fi;"
                + " echo BUSY; cat \"$f.holder\" 2>/dev/null; exit " + LOCK_BUSY, "sh", lockFile, holder, script);
    }

    /**
     * Breaks the cluster's lock: ends the process that holds it (its pid is in the holder file)
     * and prints who held it; prints nothing when nobody holds it.
     */
    public static List<String> breakLock(String lockFile) {
        return List.of("sh", "-c", "f=$1; [ -f \"$f\" ] || exit 0; exec 9>>\"$f\";"
                + " if flock -n 9; then rm -f \"$f.holder\"; exit 0; fi;"
                + " h=$(cat \"$f.holder\" 2>/dev/null); pid=${h##*pid };"
                + " case $pid in ''|*[!0-9]*) echo \"held, but the holder is unknown: $h\"; exit 1;; esac;"
                + " kill \"$pid\" && sleep 1; if flock -w 10 9; then date +%s.%N > \"$f.released\"; rm -f \"$f.holder\"; echo \"$h\"; exit 0; fi;"
                + " echo \"still held after ending pid $pid: $h\"; exit 1", "sh", lockFile);
    }

    /** Removes the lock file and its holder record, then their folder if that leaves it empty. */
    public static List<String> removeLockFile(String lockFile) {
        return List.of("sh", "-c", "rm -f -- \"$1\" \"$1.holder\" \"$1.released\" && { rmdir -- \"$(dirname \"$1\")\" 2>/dev/null || true; }",
                "sh", lockFile);
    }

    /** Removes these files where they exist. */
    public static List<String> removeFiles(List<String> paths) {
        List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
        argv.addAll(paths);
        return argv;
    }

    /**
     * Every container of the cluster on this server (by citus-deploy's label), one line each:
     * {@code name|node|role|status|["ENV=...",...]} (the environment last: PGPORT gives its port).
     * Two Docker calls, whatever the number of containers.
     */
    /** Bytes free on the filesystem that holds the volume's data; prints nothing when the volume does not exist. */
    public static List<String> volumeFreeBytes(String volume) {
        return List.of("sh", "-c", "m=$(docker volume inspect --format '{{.Mountpoint}}' \"$1\" 2>/dev/null) || exit 0;"
                + " df -P -B1 \"$m\" | awk 'NR == 2 { print $4 }'", "sh", volume);
    }

    /** Prints the name of each of these volumes that exists, one per line; exits 0 either way. */
    public static List<String> volumesExist(List<String> volumes) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "[ $# -eq 0 ] || docker volume inspect --format '{{.Name}}' \"$@\" 2>/dev/null || true", "sh"));
        argv.addAll(volumes);
        return argv;
    }

    /**
     * Lists the PostgreSQL data directories on a volume, read-only, as {@code <path> <major>}
     * lines ({@code PG_VERSION 15}, {@code 18/docker/PG_VERSION 18}); nothing for an empty volume.
     * Only for a volume that exists: {@code docker run -v} would create a missing one.
     */
    public static List<String> readVolume(String volume, String image) {
        return List.of("docker", "run", "--rm", "--network", "none", "--user", "0:0", "--entrypoint", "sh",
                "--volume", volume + ":/citus-deploy-volume:ro", image, "-c",
                "cd /citus-deploy-volume && for f in PG_VERSION */docker/PG_VERSION; do "
                        + "if [ -f \"$f\" ]; then echo \"$f $(cat \"$f\")\"; fi; done");
    }

    /**
     * Stops a container cleanly (PostgreSQL gets SIGINT and two minutes for a fast shutdown, as
     * the compose file's stop settings say), then removes it with its anonymous volumes (the
     * image's VOLUME where the node's named volume is mounted elsewhere; they never hold data).
     * The named data volume stays.
     */
    public static List<String> removeContainer(String container) {
        return List.of("sh", "-c", "if docker inspect --type container \"$1\" >/dev/null 2>&1; then"
                + " docker stop --time 120 \"$1\" >/dev/null && docker rm --volumes \"$1\" >/dev/null; fi", "sh", container);
    }

    /**
     * Everything of the cluster on this server, by citus-deploy's labels and its folder, one line
     * each: {@code container|NAME|NODE}, {@code volume|NAME|NODE}, {@code folder|PATH|NODE} (every
     * node folder under {@code clusterDir}). Nothing when Docker is not installed.
     */
    public static List<String> clusterObjects(String cluster, String clusterDir) {
        return List.of("sh", "-c", "if command -v docker >/dev/null 2>&1; then"
                + " docker ps -a --filter \"label=dev.citusdeploy.cluster=$1\" --format 'container|{{.Names}}|{{.Label \"dev.citusdeploy.node\"}}' || exit;"
                + " docker volume ls --filter \"label=dev.citusdeploy.cluster=$1\" --format 'volume|{{.Name}}|{{.Label \"dev.citusdeploy.node\"}}' || exit; fi;"
                + " for d in \"$2\"/*/; do [ -d \"$d\" ] || continue; d=${d%/}; echo \"folder|$d|${d##*/}\"; done",
                "sh", cluster, clusterDir);
    }

    /**
     * Stops these containers at the same moment (one docker stop: PostgreSQL's fast shutdown in
     * each, two minutes' grace), those that exist; exits 0 when none does.
     */
    public static List<String> stopContainers(List<String> containers) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "n=; for c in \"$@\"; do"
                + " docker inspect --type container \"$c\" >/dev/null 2>&1 && n=\"$n $c\"; done;"
                + " [ -z \"$n\" ] || docker stop --time 120 $n >/dev/null", "sh"));
        argv.addAll(containers);
        return argv;
    }

    public static List<String> removeVolume(String volume) {
        return List.of("sh", "-c", "if docker volume inspect \"$1\" >/dev/null 2>&1; then docker volume rm \"$1\"; fi",
                "sh", volume);
    }

    public static List<String> removeNetwork(String network) {
        return List.of("sh", "-c", "if docker network inspect \"$1\" >/dev/null 2>&1; then docker network rm \"$1\"; fi",
                "sh", network);
    }

    /** Prints "yes" when the folder exists; exits 0 either way. */
    public static List<String> folderExists(String dir) {
        return List.of("sh", "-c", "if [ -d \"$1\" ]; then echo yes; fi", "sh", dir);
    }

    /** Prints "yes" when the Docker network exists; exits 0 either way. */
    public static List<String> networkExists(String network) {
        return List.of("sh", "-c", "if docker network inspect \"$1\" >/dev/null 2>&1; then echo yes; fi", "sh", network);
    }

    /** Removes a node's folder, and the cluster's folder above it once empty. */
    public static List<String> removeNodeFolder(String dir) {
        return List.of("sh", "-c", "rm -rf -- \"$1\" && { rmdir -- \"$(dirname \"$1\")\" 2>/dev/null || true; }", "sh", dir);
    }

    /** docker compose up -d for one node's project. */
    public static List<String> composeUp(List<String> compose, String project, String dir, String composeFile) {
        List<String> argv = new ArrayList<>(compose);
        argv.addAll(List.of("--project-name", project, "--project-directory", dir, "--file", dir + "/" + composeFile,
                "up", "--detach"));
        return argv;
    }
}
