package dev.esfunctions.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.StateMachineRunner;
import dev.esfunctions.TestCluster;
import dev.esfunctions.functions.CopyFunction;
import dev.esfunctions.model.CopyRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The copy job's steps in the order its state machine runs them, on the Lambda build: the plan through the mock
 * event server as Lambda invokes the exported function, each slice's copy calls through the copy function of the
 * same build (one build exports one function at a time).
 */
@QuarkusTest
@TestProfile(LambdaProfiles.Plan.class)
class CopyJobLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestCluster cluster;

    @Inject
    CopyFunction copy;

    @Test
    void aPlannedJobCopiesEverySlice() throws Exception {
        cluster.recreateIndexWith("lambda-job-source", "{\"settings\": {\"number_of_shards\": 2}}");
        cluster.bulkIndex("lambda-job-source", 4000, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex("lambda-job-target");
        StateMachineRunner job = new StateMachineRunner(Path.of("native/lambda/copy-job.asl.json"),
                Map.of("PlanFunction", "plan", "CopyFunction", "copy"), (function, payload) -> {
                    try {
                        if (function.equals("plan")) {
                            ExtractableResponse<Response> answer = MockEventServer.invoke(payload.toString()).extract();
                            if (answer.statusCode() != 200) {
                                throw new StateMachineRunner.FunctionError("dev.esfunctions.errors.FunctionException",
                                        JSON.readTree(answer.asString()).path("errorMessage").asText());
                            }
                            return JSON.readTree(answer.asString());
                        }
                        return JSON.valueToTree(copy.copy(JSON.treeToValue(payload, CopyRequest.class)).await()
                                .atMost(Duration.ofMinutes(1)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        JsonNode report = job.run(JSON.readTree("{\"copy\": {\"index\": \"lambda-job-source\", \"target\": "
                + "\"lambda-job-target\", \"size\": 500, \"maxDurationMs\": 50}, \"maxSlices\": 4, \"maxConcurrency\": 2}"));
        assertEquals(4, report.path("slices").asInt(), "4,000 documents at 1,000 a slice, on 2 shards: " + report);
        assertEquals(4000, report.path("read").asInt());
        assertEquals(4000, report.path("written").asInt());
        assertEquals(0, report.path("failed").asInt());
        assertEquals(4000, cluster.count("lambda-job-target"));
    }
}
