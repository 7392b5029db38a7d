package dev.esfunctions.cluster;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;

/**
 * The product provisions no cluster (the local one of the tests and of dev mode with {@code -Plocal-cluster} is not
 * compiled into it): an application that does not say where its cluster is must not start, rather than try the
 * extension's default of localhost:9200 and fail on every call.
 */
@Singleton
@UnlessBuildProfile("test")
public class ClusterHostsCheck {

    public static final String HOSTS = "quarkus.elasticsearch.hosts";

    void requireHosts(@Observes StartupEvent startup) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        String problem = problem(config.getConfigValue(HOSTS), config.getOptionalValue(CloudId.SETTING, String.class)
                .filter(id -> !id.isBlank()).orElse(null));
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** What is wrong with where the cluster is said to be (the hosts, or a Cloud ID that they come from), or null. */
    static String problem(ConfigValue hosts, String cloudId) {
        if (cloudId != null) {
            try {
                CloudId.decode(cloudId);
            } catch (IllegalArgumentException unreadable) {
                return unreadable.getMessage();
            }
            if (isExplicit(hosts) && !CloudIdConfigSourceFactory.NAME.equals(hosts.getConfigSourceName())) {
                return "both " + HOSTS + " and " + CloudId.SETTING + " are set: keep one (the Cloud ID for an Elastic "
                        + "Cloud deployment)";
            }
            return null;
        }
        return isExplicit(hosts) ? null : HOSTS + " is not set: set it (or the environment variable "
                + "QUARKUS_ELASTICSEARCH_HOSTS) to the cluster's host:port[,host:port...], or set " + CloudId.SETTING
                + " for an Elastic Cloud deployment; for dev mode with a local Elasticsearch run ./mvnw quarkus:dev "
                + "-Plocal-cluster";
    }

    /**
     * False for the extension's built-in default, which points at a cluster nobody configured, and for an empty value
     * (a deployment template's unset parameter).
     */
    public static boolean isExplicit(ConfigValue hosts) {
        return hosts != null && hosts.getValue() != null && !hosts.getValue().isBlank()
                && hosts.getConfigSourceOrdinal() > Integer.MIN_VALUE;
    }
}
