package dev.esfunctions.localcluster;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.esfunctions.cluster.ClusterHostsCheck;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Decides where the cluster is, like Dev Services do: when {@code quarkus.elasticsearch.hosts} is set anywhere
 * (application.properties, environment, system property), it is used and nothing starts. Otherwise the dev and test
 * profiles start the local Elasticsearch and point the client at it; prod is left to {@link ClusterHostsCheck}.
 * This package is dev-only: it is compiled with the tests, and into the application only by the Maven profile
 * {@code local-cluster} (dev mode); the packaged application, the Lambda zip and the native image never hold it.
 * The server is started once per JVM and reused when Quarkus restarts the application (live reload, test profiles).
 */
public class LocalElasticsearchConfigSourceFactory implements ConfigSourceFactory {

    private static final String HOSTS = ClusterHostsCheck.HOSTS;
    public static final String HOME = "esfunctions.local-elasticsearch.home";
    public static final String OPENSEARCH_HOME = "esfunctions.local-opensearch.home";
    static final String JAVA_OPTS = "esfunctions.local-elasticsearch.java-opts";
    private static final String DEFAULT_JAVA_OPTS = "-Xms512m -Xmx512m -XX:TieredStopAtLevel=1";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue hosts = context.getValue(HOSTS);
        List<String> profiles = context.getProfiles();
        String profile = profiles.contains("test") ? "test" : profiles.contains("dev") ? "dev" : null;
        if (ClusterHostsCheck.isExplicit(hosts) || profile == null) {
            return List.of();
        }
        return List.of(new LocalClusterSource(profile));
    }

    /**
     * Says where the local server is, starting it when the address is first read: building the configuration alone
     * (as a test launcher does before it knows whether any test needs the application) starts nothing.
     */
    private static final class LocalClusterSource implements ConfigSource {
        private final String profile;

        LocalClusterSource(String profile) {
            this.profile = profile;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(HOSTS);
        }

        @Override
        public String getValue(String name) {
            return HOSTS.equals(name) ? localAddress(profile, HOME) : null;
        }

        @Override
        public String getName() {
            return "local-elasticsearch";
        }

        @Override
        public int getOrdinal() {
            return 150;
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }

    /**
     * The local server of a profile, started on first use from the distribution the system property
     * {@code homeProperty} names ({@link #HOME}, or {@link #OPENSEARCH_HOME}); tests that put a proxy in front of it,
     * or that need OpenSearch, ask here.
     */
    public static String localAddress(String profile, String homeProperty) {
        return localAddress(profile, homeProperty, null, List.of());
    }

    /** The same, for a server with security on (tests of authentication and TLS). */
    public static String localAddress(String profile, String homeProperty, ClusterSecurity security) {
        return localAddress(profile, homeProperty, security, List.of());
    }

    /** A server of its own for {@code profile}, with {@code settings} ({@code name=value}) on top of the defaults. */
    public static String dedicatedNode(String profile, String homeProperty, List<String> settings) {
        return localAddress(profile, homeProperty, null, settings);
    }

    /** Kills the server of {@code profile} as a crash would ({@code kill -9}); {@link #restart} brings it back. */
    public static synchronized void kill(String profile, String homeProperty) {
        LocalElasticsearch.kill(Path.of(home(homeProperty)), profile);
    }

    /** Starts the killed server of {@code profile} again, on its port and its data, with its settings. */
    public static synchronized void restart(String profile, String homeProperty, List<String> settings) {
        String address = System.getProperty(addressKey(profile, homeProperty));
        LocalElasticsearch.start(Path.of(home(homeProperty)), profile, System.getProperty(JAVA_OPTS, DEFAULT_JAVA_OPTS),
                false, null, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), settings);
    }

    private static synchronized String localAddress(String profile, String homeProperty, ClusterSecurity security,
            List<String> settings) {
        // A system property outlives the application class loader, so a restarted application finds the server.
        String key = addressKey(profile, homeProperty);
        String address = System.getProperty(key);
        if (address == null) {
            address = LocalElasticsearch.start(Path.of(home(homeProperty)), profile,
                    System.getProperty(JAVA_OPTS, DEFAULT_JAVA_OPTS), profile.startsWith("test"), security, 0, settings);
            System.setProperty(key, address);
        }
        return address;
    }

    private static String addressKey(String profile, String homeProperty) {
        return homeProperty + "." + profile + ".address";
    }

    private static String home(String homeProperty) {
        String home = System.getProperty(homeProperty);
        if (home == null) {
            throw new IllegalStateException(HOSTS + " is not set and there is no local server to start ("
                    + homeProperty + " is unset): run through Maven (./mvnw quarkus:dev -Plocal-cluster, ./mvnw verify), or set "
                    + HOSTS);
        }
        return home;
    }
}
