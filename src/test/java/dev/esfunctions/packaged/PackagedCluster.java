package dev.esfunctions.packaged;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What a deployment gives the packaged application: where its cluster is (a local Elasticsearch, started by the
 * test JVM since the product holds no code to start one), a cursor key of its own and an index allowlist. The
 * application gets these as the system properties a deployment's environment variables become.
 */
public class PackagedCluster implements QuarkusTestResourceLifecycleManager {

    /** The prefix every index a packaged test touches starts with: the only indices the application may use. */
    public static final String INDICES = "packaged-*";

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.elasticsearch.hosts", address(), "es-functions.cursor.key", randomKey(),
                "es-functions.indices.read", INDICES, "es-functions.indices.write", INDICES);
    }

    @Override
    public void stop() {
        // The server stops with the test JVM (a shutdown hook), as every local server does.
    }

    /** The cluster's host:port, for the test's own setup and checks. */
    public static String address() {
        // Started on the first call, then the same server: the factory keeps each profile's address.
        return LocalElasticsearchConfigSourceFactory.localAddress("test-packaged",
                LocalElasticsearchConfigSourceFactory.HOME);
    }

    /** A key as a deployment makes one: base64 of 32 random bytes. */
    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
