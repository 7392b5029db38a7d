package dev.esfunctions.knative;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.esfunctions.HostileAnswers;
import dev.esfunctions.HostileBodies;
import dev.esfunctions.TestCluster;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A sample of the hostile bodies ({@link HostileBodies}) as binary-mode CloudEvents: every answer keeps the contract. */
@QuarkusTest
class HostileEventsTest {

    private static final Logger LOG = Logger.getLogger(HostileEventsTest.class);
    private static final long SEED = Long.getLong("hostile.seed", 20261128L);

    @Inject
    TestCluster cluster;

    @TestHTTPResource("/")
    URI root;

    @Test
    void aSampleOfHostileEventsIsAnsweredWithinTheContract() throws Exception {
        cluster.recreateIndex("hostile-events", "{}");
        HttpClient http = HttpClient.newHttpClient();
        // This profile reads every index: a query naming another is the cluster's to answer.
        List<HostileBodies.Body> bodies = new HostileBodies(SEED, "hostile-events", List.of(), false).bodies(30);
        List<String> violations = new ArrayList<>();
        for (HostileBodies.Body body : bodies) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(root)
                    .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/hostile")
                    .header("ce-type", "dev.esfunctions." + body.function())
                    .POST(HttpRequest.BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String problem = HostileAnswers.problem(body, response);
            if (problem != null) {
                // The body too: a mutation's description does not show what truncation left of it.
                violations.add(body.function() + " [" + body.mutations() + "] " + response.statusCode() + ": " + problem
                        + ": " + response.body() + "\n    sent: '" + body.text().substring(0,
                                Math.min(300, body.text().length())) + "'");
            }
        }
        LOG.infof("hostile events, seed %d: %d events, %d outside the contract", SEED, bodies.size(), violations.size());
        assertTrue(violations.isEmpty(), String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
    }
}
