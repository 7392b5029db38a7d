package dev.esfunctions.localcluster;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/** In prod nothing is provisioned: a deployment that does not say where its cluster is must not start. */
@Singleton
@IfBuildProfile("prod")
class ClusterHostsCheck {

    void requireHosts(@Observes StartupEvent startup) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        if (!LocalElasticsearchConfigSourceFactory.isExplicit(config.getConfigValue(LocalElasticsearchConfigSourceFactory.HOSTS))) {
            throw new IllegalStateException(LocalElasticsearchConfigSourceFactory.HOSTS
                    + " is not set: set it (or the environment variable QUARKUS_ELASTICSEARCH_HOSTS) to the cluster's "
                    + "host:port[,host:port...]; a local Elasticsearch is only started in the dev and test profiles");
        }
    }
}
