package dev.esfunctions.lambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.esfunctions.HostileAnswers;
import dev.esfunctions.HostileBodies;
import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A sample of the hostile bodies ({@link HostileBodies}) as events of the upsert Lambda: a result of upsert's shape,
 * or a function error whose message is a documented error ({@link HostileAnswers}).
 */
@QuarkusTest
@TestProfile(LambdaProfiles.Upsert.class)
class HostileEventsLambdaTest {

    private static final Logger LOG = Logger.getLogger(HostileEventsLambdaTest.class);
    private static final long SEED = Long.getLong("hostile.seed", 20261128L);

    @Inject
    TestCluster cluster;

    @Test
    void aSampleOfHostileEventsIsAnsweredWithinTheContract() {
        cluster.recreateIndex("hostile-lambda", "{}");
        // This profile reads every index: a query naming another is the cluster's to answer.
        List<HostileBodies.Body> bodies = new HostileBodies(SEED, "hostile-lambda", List.of(), false).bodies(150)
                .stream().filter(body -> body.function().equals("upsert")).toList();
        List<String> violations = new ArrayList<>();
        for (HostileBodies.Body body : bodies) {
            ExtractableResponse<Response> response = MockEventServer.invoke(body.text()).extract();
            String problem;
            if (response.statusCode() == 200) {
                problem = HostileAnswers.problem(body, 200, response.asString());
            } else {
                // A function error: its message is the error contract, whose status stands for the HTTP one.
                String message = HostileAnswers.json(response.asString()).path("errorMessage").asText();
                problem = HostileAnswers.problem(body,
                        HostileAnswers.json(message).path("error").path("status").asInt(500), message);
            }
            if (problem != null) {
                violations.add("[" + body.mutations() + "]: " + problem + ": " + response.asString());
            }
        }
        LOG.infof("hostile Lambda events, seed %d: %d events, %d outside the contract", SEED, bodies.size(),
                violations.size());
        assertTrue(violations.isEmpty(), String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
    }
}
