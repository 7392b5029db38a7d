package dev.esfunctions.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import dev.esfunctions.cluster.ClusterTrust;

/**
 * Starts the Elasticsearch (or OpenSearch) distribution unpacked by Maven under {@code target/} as a child of this
 * JVM, the way Dev Services start a container: on a free port, with data and logs under {@code target/}, and gone
 * when this JVM is.
 * A watchdog shell around the server stops it when this JVM exits in any way (including SIGKILL), because a shutdown
 * hook alone does not run then.
 */
final class LocalElasticsearch {

    private static final Logger LOG = Logger.getLogger(LocalElasticsearch.class);
    private static final String SERVICE_USER = "esfunctions";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String WATCHDOG = """
            parent=$1; pidfile=$2; shift 2
            "$@" &
            server=$!
            stop() {
              if [ -s "$pidfile" ]; then kill -TERM "$(cat "$pidfile")" 2>/dev/null; fi
              kill -TERM "$server" 2>/dev/null
              wait "$server"
            }
            trap 'stop; exit 0' TERM INT HUP
            while kill -0 "$parent" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
            stop
            """;

    private LocalElasticsearch() {
    }

    /** What differs between the two servers this can start. */
    private enum Distribution {
        ELASTICSEARCH("elasticsearch", "ES_JAVA_HOME", "ES_JAVA_OPTS", List.of("xpack.security.enabled=false")),
        OPENSEARCH("opensearch", "OPENSEARCH_JAVA_HOME", "OPENSEARCH_JAVA_OPTS", List.of());

        final String name;
        final String javaHomeVariable;
        final String javaOptsVariable;
        final List<String> settings;

        Distribution(String name, String javaHomeVariable, String javaOptsVariable, List<String> settings) {
            this.name = name;
            this.javaHomeVariable = javaHomeVariable;
            this.javaOptsVariable = javaOptsVariable;
            this.settings = settings;
        }

        static Distribution of(Path home) {
            return home.getFileName().toString().startsWith("opensearch-") ? OPENSEARCH : ELASTICSEARCH;
        }

        /**
         * The Java the server runs on: Elasticsearch 9 and OpenSearch 3 need 21; Elasticsearch 8 runs on 17.
         * Elasticsearch 7 and OpenSearch 2 install a security manager, which Java 24 on refuses (JEP 486): they run
         * on 17 to 23 and 11 to 23.
         */
        JavaRange java(String version) {
            int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
            if (this == OPENSEARCH) {
                return major >= 3 ? new JavaRange(21, Integer.MAX_VALUE) : new JavaRange(11, 23);
            }
            return major >= 9 ? new JavaRange(21, Integer.MAX_VALUE)
                    : major == 8 ? new JavaRange(17, Integer.MAX_VALUE) : new JavaRange(17, 23);
        }
    }

    /** The Java versions a server runs on, both ends included. */
    record JavaRange(int lowest, int highest) {

        boolean holds(int major) {
            return major >= lowest && major <= highest;
        }

        @Override
        public String toString() {
            return highest == Integer.MAX_VALUE ? lowest + " or newer" : lowest + " to " + highest;
        }
    }

    /**
     * Starts the server and returns its {@code host:port} once the cluster is at least yellow: on {@code httpPort}
     * (0: a free one), with {@code settings} ({@code name=value}) on top of the distribution's.
     */
    static String start(Path home, String profile, String javaOpts, boolean freshData, ClusterSecurity security,
            int httpPort, List<String> extraSettings) {
        Distribution distribution = Distribution.of(home);
        Path executable = home.resolve("bin").resolve(distribution.name);
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("No " + distribution.name + " distribution at " + home
                    + ": run the build through Maven (./mvnw), which unpacks it there, or set quarkus.elasticsearch.hosts");
        }
        String version = home.getFileName().toString().replaceFirst("^" + distribution.name + "-", "");
        String product = distribution == Distribution.OPENSEARCH ? "OpenSearch " + version : "Elasticsearch " + version;
        Path work = home.getParent().resolve(profile);
        Path data = work.resolve("data");
        Path logs = work.resolve("logs");
        Path pidFile = work.resolve("elasticsearch.pid");
        Path console = work.resolve("console.log");
        stopLeftover(pidFile);
        if (freshData) {
            deleteRecursively(data);
        }
        createDirectories(data, logs);
        Path javaHome = findJava(distribution.java(version), distribution.javaHomeVariable);
        int port = httpPort != 0 ? httpPort : freePort();
        int transportPort = freePort();

        List<String> command = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "watchdog",
                Long.toString(ProcessHandle.current().pid()), pidFile.toString()));
        Path config = security == null ? home.resolve("config") : work.resolve("config");
        if (security != null) {
            writeSecuredConfig(home.resolve("config"), config, security);
            if (distribution == Distribution.ELASTICSEARCH) {
                SecurityIndexModule.install(home, version, javaHome);
            }
        }
        List<String> asServiceUser = new ArrayList<>();
        if (isRoot()) {
            prepareServiceUser(home.getParent());
            asServiceUser.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        asServiceUser.addAll(List.of("env", "ES_PATH_CONF=" + config, distribution.javaHomeVariable + "=" + javaHome));
        if (security != null) {
            for (ClusterSecurity.User user : security.users()) {
                List<String> useradd = new ArrayList<>(asServiceUser);
                useradd.addAll(List.of(home.resolve("bin/elasticsearch-users").toString(), "useradd", user.name(),
                        "-p", user.password(), "-r", user.role()));
                if (run(useradd.toArray(String[]::new)) != 0) {
                    throw new IllegalStateException("Could not add the file-realm user " + user.name());
                }
            }
        }
        command.addAll(asServiceUser);
        command.addAll(List.of(distribution.javaOptsVariable + "=" + javaOpts,
                executable.toString(),
                "-p", pidFile.toString(),
                "-E", "cluster.name=es-functions-" + profile,
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + port,
                "-E", "transport.port=" + transportPort,
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        List<String> settings = security == null ? distribution.settings : List.of("xpack.security.enabled=true",
                "xpack.security.http.ssl.enabled=true", "xpack.security.http.ssl.key=http.key",
                "xpack.security.http.ssl.certificate=http.crt",
                "xpack.security.http.ssl.certificate_authorities=ca.crt");
        Stream.concat(settings.stream(), extraSettings.stream()).forEach(setting -> command.addAll(List.of("-E", setting)));
        LOG.infof("Starting %s for the %s profile on 127.0.0.1:%d (Java %s, data and logs under %s)",
                product, profile, port, javaHome, work);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + product + " from " + home, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "local-elasticsearch-stop"));
        String address = "127.0.0.1:" + port;
        awaitYellow(process, address, console, product, security);
        LOG.infof("%s is up at http://%s", product, address);
        return address;
    }

    /**
     * Kills the server of {@code profile} as a crash would ({@code kill -9}), and waits until it is gone; its data
     * stays for a restart.
     */
    static void kill(Path home, String profile) {
        Path pidFile = home.getParent().resolve(profile).resolve("elasticsearch.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(server -> {
                LOG.infof("Killing the server of the %s profile (pid %d) with SIGKILL", profile, pid);
                server.destroyForcibly();
                server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No running server for the " + profile + " profile (" + pidFile + ")", e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitYellow(Process process, String address, Path console, String product,
            ClusterSecurity security) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        HttpRequest.Builder health = HttpRequest.newBuilder(URI.create((security == null ? "http" : "https") + "://"
                + address + "/_cluster/health?wait_for_status=yellow&timeout=1s")).timeout(Duration.ofSeconds(5));
        if (security != null) {
            ClusterSecurity.User user = security.users().get(0);
            client.sslContext(trusting(security.caCertificate()));
            health.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user.name() + ":" + user.password()).getBytes(StandardCharsets.UTF_8)));
        }
        awaitYellow(process, client.build(), health.build(), console, product);
    }

    private static void awaitYellow(Process process, HttpClient http, HttpRequest health, Path console,
            String product) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(product + " exited during start-up; its output ends with:\n"
                        + tail(console));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(250));
        }
        stop(process);
        throw new IllegalStateException(product + " was not ready within " + START_TIMEOUT.toSeconds()
                + " s; its output ends with:\n" + tail(console));
    }

    /** The secured server's own configuration: the distribution's, plus certificates and roles. */
    private static void writeSecuredConfig(Path distributionConfig, Path config, ClusterSecurity security) {
        deleteRecursively(config);
        try (Stream<Path> files = Files.walk(distributionConfig)) {
            for (Path file : files.toList()) {
                Files.copy(file, config.resolve(distributionConfig.relativize(file).toString()));
            }
            Files.copy(security.caCertificate(), config.resolve("ca.crt"));
            Files.copy(security.certificate(), config.resolve("http.crt"));
            Files.copy(security.key(), config.resolve("http.key"));
            Files.writeString(config.resolve("roles.yml"), security.roles());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the secured configuration in " + config, e);
        }
    }

    private static SSLContext trusting(Path caCertificate) {
        try {
            return ClusterTrust.trusting(ClusterTrust.pemTrustStore(caCertificate));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the test CA " + caCertificate, e);
        }
    }

    /**
     * The distribution's own variable (ES_JAVA_HOME, OPENSEARCH_JAVA_HOME), then JAVA_HOME, then this JVM, then the
     * newest JDK under /usr/lib/jvm, the first of them in {@code range}.
     */
    static Path findJava(JavaRange range, String javaHomeVariable) {
        String esJavaHome = System.getenv(javaHomeVariable);
        if (esJavaHome != null && !esJavaHome.isBlank()) {
            return Path.of(esJavaHome);
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.sorted(Comparator.comparingInt(LocalElasticsearch::javaMajor).reversed()).forEach(candidates::add);
        } catch (IOException e) {
            // no system JDKs to choose from
        }
        return candidates.stream()
                .filter(jdk -> range.holds(javaMajor(jdk)) && Files.isExecutable(jdk.resolve("bin/java")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The local server needs Java " + range
                        + " and none was found (looked at " + javaHomeVariable + ", JAVA_HOME, this JVM and "
                        + "/usr/lib/jvm): install such a JDK or set " + javaHomeVariable + " to one"));
    }

    private static int javaMajor(Path jdk) {
        try (Stream<String> lines = Files.lines(jdk.resolve("release"))) {
            return lines.filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(v -> Integer.parseInt(v.split("[.+-]")[0]))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Elasticsearch refuses to run as root: it runs as a dedicated system user that owns its files under target/. */
    private static void prepareServiceUser(Path elasticsearchDir) {
        if (run("id", "-u", SERVICE_USER) != 0) {
            LOG.infof("Elasticsearch refuses to run as root: creating system user '%s' to run it", SERVICE_USER);
            if (run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", SERVICE_USER) != 0) {
                throw new IllegalStateException("Could not create system user " + SERVICE_USER
                        + " to run Elasticsearch (it refuses root); create it with useradd --system " + SERVICE_USER);
            }
        }
        LOG.infof("Running Elasticsearch as system user '%s' (it refuses root), which now owns %s",
                SERVICE_USER, elasticsearchDir);
        for (Path dir = elasticsearchDir.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            grantSearch(dir);
        }
        if (run("chown", "-R", SERVICE_USER + ":", elasticsearchDir.toString()) != 0) {
            throw new IllegalStateException("Could not give " + elasticsearchDir + " to user " + SERVICE_USER);
        }
    }

    private static void grantSearch(Path dir) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                LOG.infof("Allowing other users to traverse %s (chmod o+x) so that user '%s' reaches Elasticsearch",
                        dir, SERVICE_USER);
                Files.setPosixFilePermissions(dir, permissions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + dir + " traversable for user " + SERVICE_USER, e);
        }
    }

    private static void stopLeftover(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(leftover -> {
                LOG.infof("Stopping Elasticsearch left over by an earlier run (pid %d)", pid);
                leftover.destroy();
                leftover.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
            Files.delete(pidFile);
        } catch (IOException | NumberFormatException e) {
            LOG.debugf("Ignoring unreadable pid file %s: %s", pidFile, e);
        }
    }

    private static int run(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }

    private static void createDirectories(Path... dirs) {
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clear " + dir, e);
        }
    }

    private static String tail(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output in " + file + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
