package dev.esfunctions.cluster;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * An Elastic Cloud deployment named by {@code es-functions.cloud-id} becomes the client's hosts and protocol, as the
 * Elasticsearch clients' {@code cloud_id} does: the Quarkus extension has no such setting. When the hosts are also
 * set, or the Cloud ID cannot be read, nothing is derived and {@link ClusterHostsCheck} refuses the start, saying why.
 */
public class CloudIdConfigSourceFactory implements ConfigSourceFactory {

    /** The source's name, by which {@link ClusterHostsCheck} tells hosts derived here from hosts set elsewhere. */
    static final String NAME = "es-functions.cloud-id";
    /** Below every source a user writes to (application.properties 250, environment 300, system properties 400). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue cloudId = context.getValue(CloudId.SETTING);
        if (cloudId == null || cloudId.getValue() == null || cloudId.getValue().isBlank()
                || ClusterHostsCheck.isExplicit(context.getValue(ClusterHostsCheck.HOSTS))) {
            return List.of();
        }
        CloudId deployment;
        try {
            deployment = CloudId.decode(cloudId.getValue());
        } catch (IllegalArgumentException unreadable) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource(NAME, Map.of(
                ClusterHostsCheck.HOSTS, deployment.address(),
                "quarkus.elasticsearch.protocol", "https"), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
