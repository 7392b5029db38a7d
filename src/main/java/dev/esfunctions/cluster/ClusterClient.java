package dev.esfunctions.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.elasticsearch.client.Node;
import org.elasticsearch.client.NodeSelector;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.sniff.Sniffer;

import io.quarkus.elasticsearch.restclient.lowlevel.runtime.ElasticsearchConfig;
import io.quarkus.elasticsearch.restclient.lowlevel.runtime.RestClientBuilderHelper;

/**
 * The Elasticsearch client, built as Quarkus's extension builds it from {@code quarkus.elasticsearch.*} (hosts,
 * authentication, timeouts, discovery, the {@code @ElasticsearchClientConfig} callbacks such as {@link ClusterTrust}),
 * with one difference: each request goes to one node only ({@link OneNodePerRequest}). Left to itself the client
 * sends a request again to the next node after an I/O error or a 502, 503 or 504, inside one call, where the engine
 * cannot see it: a {@code create} applied by the first node would come back from the second as a version conflict,
 * not as an outcome the engine knows to be unknown. The gateway re-sends what was never sent; the engine decides the
 * rest by its {@code RetryPolicy}. The extension's producer offers no hook for a node selector, hence this one.
 */
@ApplicationScoped
class ClusterClient {

    private Sniffer sniffer;

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    RestClient restClient(ElasticsearchConfig config) {
        RestClient client = RestClientBuilderHelper.createRestClientBuilder(config)
                .setNodeSelector(new OneNodePerRequest()).build();
        if (config.discovery().enabled()) {
            sniffer = RestClientBuilderHelper.createSniffer(client, config);
        }
        return client;
    }

    void close(@Disposes RestClient client) {
        if (sniffer != null) {
            sniffer.close();
        }
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps one of the nodes the client offers, in turn. The client offers the nodes it believes alive (or, when it
     * believes none is, the ones it would try again) before it rotates them, so the turn is kept here.
     */
    static final class OneNodePerRequest implements NodeSelector {

        private final AtomicInteger turn = new AtomicInteger();

        @Override
        public void select(Iterable<Node> nodes) {
            int count = 0;
            for (Node ignored : nodes) {
                count++;
            }
            if (count < 2) {
                return;
            }
            int kept = Math.floorMod(turn.getAndIncrement(), count);
            Iterator<Node> each = nodes.iterator();
            for (int i = 0; each.hasNext(); i++) {
                each.next();
                if (i != kept) {
                    each.remove();
                }
            }
        }

        @Override
        public String toString() {
            return "one node per request, in turn";
        }
    }
}
