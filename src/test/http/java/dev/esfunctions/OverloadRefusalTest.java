package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.esfunctions.cluster.MemoryBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A call the memory budget cannot hold is refused before it writes anything: for now (503, Retry-After) when the
 * calls in progress hold the budget, for good (413) when it could never fit; a read whose answer cannot be held is
 * refused the same way, having changed nothing. The calls in progress are stood in for by a reservation the test
 * holds itself, in an application of its own with a budget of 2 MB.
 */
@QuarkusTest
@TestProfile(OverloadRefusalTest.TwoMegabytes.class)
class OverloadRefusalTest {

    private static final String TEXT = "x".repeat(1000);

    public static class TwoMegabytes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("es-functions.memory.budget", "2M", "es-functions.memory.retry-after", "4s");
        }
    }

    @Inject
    TestCluster cluster;

    @Inject
    MemoryBudget budget;

    @Test
    void aWriteThatDoesNotFitNowIsRefusedBeforeItWritesAndSucceedsLater() {
        cluster.recreateIndex("budget-writes", "{}");
        String body = upsert("budget-writes", 300);
        try (MemoryBudget.Reservation inProgress = budget.reserve(budget.capacity() - 100_000, "calls in progress")) {
            call("upsert", body).statusCode(503)
                    .header("Retry-After", "4")
                    .body("error.type", equalTo("overloaded"))
                    .body("error.retryAfterSeconds", equalTo(4))
                    .body("error.reason", containsString("es-functions.memory.budget"));
        }
        assertEquals(0, cluster.count("budget-writes"), "a refused call wrote nothing");
        assertNothingHeld("a refusal holds nothing");

        call("upsert", body).statusCode(200).body("succeeded", equalTo(300));
        assertEquals(300, cluster.count("budget-writes"));
        assertNothingHeld("a call gives back what it held when it is answered");
    }

    @Test
    void aCallLargerThanTheWholeBudgetIsTooLargeNotBusy() {
        // 1,200 documents of 1 KB: a body of 1.2 MB, held twice, is more than 2 MB.
        call("upsert", upsert("budget-too-large", 1200)).statusCode(413)
                .body("error.type", equalTo("call_too_large"))
                .body("error.reason", containsString("send fewer or smaller documents per call"));
        assertNothingHeld("what the call held is given back");
    }

    @Test
    void aCallWhoseBodyFitsButNotWithItsWritesBesideItIsTooLargeNotBusy() {
        // 700 documents of 1 KB: the body, held twice, 1.4 MB, fits the 2 MB; its documents and two _bulk requests
        // of up to 1,000 in flight, 1.2 MB more, never could beside it, though nothing else is in progress. Told to
        // come back (503), the caller would come back for ever.
        cluster.recreateIndex("budget-never-fits", "{}");
        call("upsert", upsert("budget-never-fits", 700)).statusCode(413)
                .header("Retry-After", nullValue())
                .body("error.type", equalTo("call_too_large"))
                .body("error.reason", containsString("its call's body holds"))
                .body("error.reason", containsString("send fewer or smaller documents per call"));
        assertEquals(0, cluster.count("budget-never-fits"), "a refused call wrote nothing");
        assertNothingHeld("what the call held is given back");
        // Smaller requests in flight, 0.3 MB, fit beside the body: what the refusal said to do.
        call("upsert", upsert("budget-never-fits", 700).replaceFirst("\\{", "{\"batchSize\": 100, "))
                .statusCode(200).body("succeeded", equalTo(700));
        assertNothingHeld("what the call held is given back");
    }

    @Test
    void aReadWhoseAnswerCannotBeHeldNowIsRefusedForNow() {
        cluster.bulkIndex("budget-reads", 200, i -> "{\"n\": " + i + ", \"text\": \"" + TEXT + "\"}");
        String search = "{\"index\": \"budget-reads\", \"size\": 200}";
        try (MemoryBudget.Reservation inProgress = budget.reserve(budget.capacity() - 100_000, "calls in progress")) {
            call("search", search).statusCode(503)
                    .header("Retry-After", "4")
                    .body("error.type", equalTo("overloaded"))
                    .body("error.reason", containsString("the answer to POST /budget-reads/_search"));
        }
        assertNothingHeld("the refused answer was dropped, and holds nothing");
        call("search", search).statusCode(200).body("hits.size()", equalTo(200));
        assertNothingHeld("what the call held is given back");
    }

    @Test
    void anAnswerLargerThanTheBudgetCouldEverHoldIsRefusedAsTooLarge() {
        // 1,100 documents of 1 KB: an answer above the 512 KB one answer may take of a 2 MB budget (held twice, as its
        // bytes and as what is parsed, in at most half the budget).
        cluster.bulkIndex("budget-huge-reads", 1100, i -> "{\"n\": " + i + ", \"text\": \"" + TEXT + "\"}");
        call("search", "{\"index\": \"budget-huge-reads\", \"size\": 1100}").statusCode(502)
                .body("error.type", equalTo("cluster_answer_too_large"))
                .body("error.reason", containsString("ask for less at once"));
        assertNothingHeld("what the call held is given back");
    }

    /** The body's hold ends with the exchange, which the server may close a moment after the answer has left. */
    private void assertNothingHeld(String why) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (budget.held() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, budget.held(), why);
    }

    private static String upsert(String index, int documents) {
        StringBuilder body = new StringBuilder("{\"index\": \"" + index + "\", \"refresh\": \"wait_for\", \"docs\": [");
        for (int i = 0; i < documents; i++) {
            body.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(i).append("\", \"text\": \"").append(TEXT)
                    .append("\"}");
        }
        return body.append("]}").toString();
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
