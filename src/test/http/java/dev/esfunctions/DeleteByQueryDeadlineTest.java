package dev.esfunctions;

import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A delete by query stops at its deadline ({@code timeoutMs}) with every matching document counted, and the same
 * request finishes the work. Here by scan and bulk (the minimal Elasticsearch has no {@code _delete_by_query}), which
 * answers a cursor; {@code OpenSearchDeleteByQueryDeadlineTest} runs it where the cluster deletes as a task.
 */
@QuarkusTest
class DeleteByQueryDeadlineTest {

    static final String INDEX = "delete-by-query-deadline";
    static final int DOCUMENTS = 60_000;

    @Inject
    TestCluster cluster;

    @Test
    void aDeleteByQueryStopsAtItsDeadlineAccountsForEveryDocumentAndTheSameRequestFinishes() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(INDEX, DOCUMENTS, i -> "{\"n\": " + i + "}");
        String request = "{\"index\": \"" + INDEX + "\", \"query\": {\"range\": {\"n\": {\"gte\": 0}}}, "
                + "\"timeoutMs\": 300";
        int deleted = 0;
        int calls = 0;
        String cursor = null;
        boolean stoppedEarly = false;
        do {
            JsonPath result = DeleteByQueryTest.deleteByQuery(request + (cursor == null ? "" : ", \"cursor\": \""
                    + cursor + "\"") + "}").statusCode(200).time(lessThan(10_000L)).extract().jsonPath();
            int total = result.getInt("total");
            assertEquals(total, result.getInt("deleted") + result.getInt("notFound") + result.getInt("conflicts")
                    + result.getInt("failed"), "every matching document counted once: " + result.prettify());
            deleted += result.getInt("deleted");
            cursor = result.getString("cursor");
            stoppedEarly |= cursor != null || result.getInt("failed") > 0;
            calls++;
            assertTrue(calls < 200, "the deletes end");
        } while (cursor != null || remaining() > 0);
        assertTrue(stoppedEarly, "300 ms was not enough for " + DOCUMENTS + " documents: the deadline stopped it");
        assertEquals(DOCUMENTS, deleted);
        assertEquals(0, remaining());
    }

    @Test
    void aDeleteCutShortBeforeItCountedAnythingNeverSaysThatNothingMatched() {
        cluster.recreateIndex(INDEX, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(INDEX, 20_000, i -> "{\"n\": " + i + "}");
        String request = "{\"index\": \"" + INDEX + "\", \"query\": {\"range\": {\"n\": {\"gte\": 0}}}, ";
        for (int call = 0; call < 5; call++) {
            ExtractableResponse<Response> answer = DeleteByQueryTest.deleteByQuery(request + "\"timeoutMs\": 1}")
                    .extract();
            JsonPath result = answer.jsonPath();
            if (answer.statusCode() == 408) {
                assertEquals("not_attempted", result.getString("error.type"), answer.asString());
                continue;
            }
            assertEquals(200, answer.statusCode(), answer.asString());
            assertTrue(result.getInt("total") > 0 || result.getString("cursor") != null || remaining() == 0,
                    "a delete that stopped at once says what is left: " + answer.asString());
        }
        DeleteByQueryTest.deleteByQuery(request + "\"timeoutMs\": 60000}").statusCode(200);
        assertEquals(0, remaining());
    }

    private long remaining() {
        return cluster.count(INDEX);
    }
}
