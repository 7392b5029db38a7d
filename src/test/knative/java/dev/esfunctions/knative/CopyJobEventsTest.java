package dev.esfunctions.knative;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A copy job driven by events, as the Broker would drive it: each reply event is delivered again, with its type
 * and extensions, until the reply says the slice is done.
 */
@QuarkusTest
class CopyJobEventsTest {

    private static final String SOURCE = "knative-job-source";
    private static final String TARGET = "knative-job-target";

    @Inject
    TestCluster cluster;

    @Test
    void theRepliesOfEachSliceFedBackCompleteTheCopy() {
        cluster.recreateIndexWith(SOURCE, "{\"settings\": {\"number_of_shards\": 2, \"number_of_replicas\": 0}}");
        cluster.bulkIndex(SOURCE, 5000, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex(TARGET);
        Response plan = event("dev.esfunctions.plan", "plan-1", null,
                "{\"index\": \"" + SOURCE + "\", \"size\": 200, \"slices\": 2}");
        assertEquals(200, plan.statusCode());
        List<String> cursors = plan.jsonPath().getList("slices.cursor");
        long written = 0;
        for (int slice = 0; slice < cursors.size(); slice++) {
            String type = "dev.esfunctions.copy.job";
            String data = "{\"copy\": {\"index\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\", \"size\": 200, "
                    + "\"maxDurationMs\": 1, \"cursor\": \"" + cursors.get(slice) + "\"}}";
            int deliveries = 0;
            Response reply;
            do {
                reply = event(type, "job-7", String.valueOf(slice), data);
                assertEquals(200, reply.statusCode(), reply.asString());
                assertEquals("job-7", reply.header("ce-esfjob"), "the job id travels with every step");
                assertEquals(String.valueOf(slice), reply.header("ce-esfslice"));
                type = reply.header("ce-type");
                data = reply.asString();
                deliveries++;
            } while (type.equals("dev.esfunctions.copy.job") && deliveries < 100);
            assertEquals("dev.esfunctions.copy.job.done", type);
            assertTrue(deliveries > 1, "a small maxDurationMs takes a slice several steps: " + deliveries);
            assertEquals(deliveries, reply.jsonPath().getInt("totals.calls"));
            assertEquals(0, reply.jsonPath().getInt("totals.failed"));
            assertEquals(reply.jsonPath().getLong("totals.read"), reply.jsonPath().getLong("totals.written"));
            written += reply.jsonPath().getLong("totals.written");
        }
        assertEquals(5000, written, "the slices' totals add up to the source");
        cluster.refresh(TARGET);
        assertEquals(5000, cluster.count(TARGET));
    }

    @Test
    void aStepWithoutACopyRequestEndsWithAnErrorEvent() {
        given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", "bad-step")
                .header("ce-source", "/etl").header("ce-type", "dev.esfunctions.copy.job").body("{\"totals\": null}")
                .post("/").then().statusCode(400)
                .header("ce-type", "dev.esfunctions.error")
                .body("error.type", equalTo("invalid_request"));
    }

    /** A binary-mode event; a null slice leaves the extension out. */
    private static Response event(String type, String job, String slice, String data) {
        var request = given().contentType(ContentType.JSON).header("ce-specversion", "1.0")
                .header("ce-id", "evt-" + System.nanoTime()).header("ce-source", "/etl/job").header("ce-type", type)
                .header("ce-esfjob", job);
        if (slice != null) {
            request = request.header("ce-esfslice", slice);
        }
        return request.body(data).post("/");
    }
}
