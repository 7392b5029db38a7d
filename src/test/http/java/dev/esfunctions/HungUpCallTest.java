package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongPredicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.cluster.MemoryBudget;
import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A caller that hangs up while its upsert runs on: the call still holds its documents, so its body stays counted in
 * the memory budget until the call ends, not until the connection does. The cluster is reached through a proxy that
 * holds the upsert's one _bulk request for 2 s.
 */
@QuarkusTest
@TestProfile(HungUpCallTest.SlowBulk.class)
class HungUpCallTest {

    public static class SlowBulk implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxyPort = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxyPort, "es-functions.memory.budget", "4M");
        }
    }

    @Inject
    MemoryBudget budget;

    @TestHTTPResource("/upsert")
    URI upsert;

    @Test
    void aCallWhoseCallerHungUpHoldsItsBodyUntilItEnds() throws Exception {
        FaultInjectingProxy.reset();
        FaultInjectingProxy.delayBulkRequests(2000);
        try {
            StringBuilder docs = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                docs.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(i).append("\", \"text\": \"")
                        .append("x".repeat(1000)).append("\"}");
            }
            byte[] body = ("{\"index\": \"hung-up\", \"batchSize\": 300, \"concurrency\": 1, \"docs\": [" + docs + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket caller = new Socket(upsert.getHost(), upsert.getPort())) {
                OutputStream out = caller.getOutputStream();
                out.write(("POST /upsert HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (FaultInjectingProxy.bulkRequests() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(1, FaultInjectingProxy.bulkRequests(), "the call is writing");
            } // hung up while the _bulk request is held by the proxy
            Thread.sleep(500);
            assertTrue(budget.held() >= 2L * body.length, "the call runs on and its body stays counted: "
                    + budget.held() + " bytes held, the body is " + body.length);
            await(held -> held == 0, "the call ends, and gives back everything");
            assertEquals(0, budget.held());
        } finally {
            FaultInjectingProxy.reset();
        }
    }

    private void await(LongPredicate held, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!held.test(budget.held())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in time: " + what + " (" + budget.held() + " bytes held)");
            }
            Thread.sleep(10);
        }
    }
}
